/* ctl_print.h — how vitrinactl shows values and events to a person.
 * Pure formatting onto a FILE; any thread.
 */
#ifndef VITRINA_CTL_PRINT_H
#define VITRINA_CTL_PRINT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

/* A property value on its own: strings as they are, numbers plainly
 * (integers without decimals), true/false/null, arrays and objects as
 * indented JSON. Ends with '\n'. */
void ctl_print_value(FILE *out, const json_t *v);

/* Seconds as "m:ss" or "h:mm:ss" into buf; "-" when `secs` is not a
 * number. */
void ctl_format_time(const json_t *secs, char *buf, size_t size);

/* One line for an event: "HH:MM:SS name key=value ...", local time; string
 * values bare unless they contain spaces or quotes (then JSON-quoted),
 * other values as compact JSON. */
void ctl_print_event(FILE *out, const json_t *event);

/* One list entry (intake lists, …): a string as is; an object as its
 * name/filename/path, then " — " and its reason when present. */
void ctl_format_entry(const json_t *entry, char *buf, size_t size);

#endif

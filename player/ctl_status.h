/* ctl_status.h — `vitrinactl status`: ask the player for the properties a
 * person needs at a glance and print them. Single-threaded.
 */
#ifndef VITRINA_CTL_STATUS_H
#define VITRINA_CTL_STATUS_H

#include <stdbool.h>
#include <stdio.h>

#include "player/ctl_conn.h"

/* Send the property requests on `c` (all at once), wait up to `timeout`
 * seconds for the replies, print to `out` (human-readable, or with `json`
 * one object {property: value}; unavailable values are null, properties the
 * player does not have are left out). "property unavailable" and, for
 * optional properties (intake-*), "property not found" are normal. Returns
 * an enum ctl_exit value; messages go to `err`. */
int ctl_status(struct ctl_conn *c, bool json, double timeout, FILE *out, FILE *err);

#endif

/* ctl_conn.h — vitrinactl's connection to the player: send requests with
 * request ids, read reply/event lines with a deadline. Single-threaded:
 * one connection belongs to one thread.
 */
#ifndef VITRINA_CTL_CONN_H
#define VITRINA_CTL_CONN_H

#include <stdint.h>

#include <jansson.h>

struct ctl_conn;

/* Connect to the Unix socket at `path`. Returns 0 and sets *out (caller
 * owns, release with ctl_conn_close()), or a negative errno. */
int ctl_conn_open(const char *path, struct ctl_conn **out);

/* Close and free. NULL is a no-op. */
void ctl_conn_close(struct ctl_conn *c);

/* Send {"command":command,"request_id":id} (command borrowed) and return
 * the id used (ids count up from 1 per connection), or a negative errno
 * when the write fails. */
int64_t ctl_conn_send(struct ctl_conn *c, json_t *command);

/* Wait until `deadline` (CLOCK_MONOTONIC seconds, see ctl_conn_now()) for
 * the next message line. Returns 0 with *msg (parsed, caller owns) and
 * *raw (the line without '\n', malloc'd, caller frees; raw may be NULL if
 * not wanted); -ETIMEDOUT; -EPIPE when the player closed the connection;
 * -EBADMSG for a line that is not a JSON object (*raw still set when asked,
 * *msg NULL); other negative errnos on read errors. */
int ctl_conn_read(struct ctl_conn *c, double deadline, json_t **msg, char **raw);

/* Send one command and wait for the reply with the same request_id,
 * skipping events and anything else. Same returns as ctl_conn_read (plus
 * send errors); *reply and *raw belong to the caller. */
int ctl_conn_request(struct ctl_conn *c, json_t *command, double timeout, json_t **reply, char **raw);

/* CLOCK_MONOTONIC in seconds. */
double ctl_conn_now(void);

#endif

/* pktq.h — bounded packet queue with serials (one per stream).
 *
 * A flush (seek, track switch) increments the serial; every packet carries
 * the serial it was queued under so decoders can drop stale ones.
 * Threading: all functions are thread-safe (reader thread puts, decoder
 * thread gets, anyone may flush/abort). Ownership: put() takes ownership of
 * the packet's payload (it is moved with av_packet_move_ref); get() moves a
 * reference into the caller's packet.
 */
#ifndef VITRINA_MEDIA_PKTQ_H
#define VITRINA_MEDIA_PKTQ_H

#include <stdbool.h>
#include <stdint.h>

struct AVPacket;
typedef struct pktq pktq;

/* Create an empty queue (not aborted, serial 0). NULL on ENOMEM. */
pktq *pktq_new(void);
/* Free the queue and any queued packets. Only after all users stopped. */
void pktq_free(pktq **q);

/* Queue a packet (NULL pkt = end-of-stream marker, an empty packet). Returns
 * 0, or a negative AVERROR (ENOMEM, or AVERROR_EXIT if aborted: the packet is
 * then unreferenced). */
int pktq_put(pktq *q, struct AVPacket *pkt);

/* Take the next packet. timeout_ms < 0 waits forever, 0 polls. Returns 1 and
 * fills pkt and serial, 0 on timeout/empty, AVERROR_EXIT if aborted. */
int pktq_get(pktq *q, struct AVPacket *pkt, int *serial, int timeout_ms);

/* Drop all packets and start a new serial. Returns the new serial. */
int pktq_flush(pktq *q);
int pktq_serial(pktq *q);

/* Abort: wakes every waiter; put/get fail from now on. */
void pktq_abort(pktq *q);

/* Accounting for the reader's back-pressure. duration is in the stream's
 * time base units summed over queued packets. */
void pktq_stats(pktq *q, int *npackets, int64_t *bytes, int64_t *duration);

#endif

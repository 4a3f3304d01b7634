/* playlists_scanbench — benchmark driver for tests/bench/scan.py.
 *
 * Usage: playlists_scanbench DIR [REPEAT]
 * Times scan_tree() over DIR (best and median of REPEAT runs), then starts
 * the real watcher (no-op probe) and times how long until the first RESET
 * reaches the "player" and until every startup file is confirmed, and
 * reports the process's RSS before and its peak (VmHWM) after. Prints
 * key=value lines; asserts nothing (the caller prints ratios and targets).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "player/log.h"
#include "playlists/scan.h"
#include "playlists/watch.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static long status_kb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t kl = strlen(key);
    while (f && fgets(line, sizeof(line), f))
        if (strncmp(line, key, kl) == 0 && line[kl] == ':')
            v = strtol(line + kl + 1, NULL, 10);
    if (f)
        fclose(f);
    return v;
}

struct bench {
    pthread_mutex_t mu;
    double reset_at;
    size_t reset_entries;
    size_t confirmed;
};

static void on_report(void *user, const struct intake_change *c)
{
    struct bench *b = user;
    pthread_mutex_lock(&b->mu);
    if (c->kind == INTAKE_RESET && b->reset_at == 0) {
        b->reset_at = now_ms();
        b->reset_entries = c->n_entries;
    } else if (c->kind == INTAKE_ADD && c->e.probed) {
        b->confirmed++;
    }
    pthread_mutex_unlock(&b->mu);
}

static int noop_probe(void *user, const char *abs, char *reason, size_t len)
{
    (void)user, (void)abs, (void)reason, (void)len;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [REPEAT]\n", argv[0]);
        return 2;
    }
    log_init();
    log_set_level(LOG_WARN);
    int repeat = argc > 2 ? atoi(argv[2]) : 5;
    if (repeat < 1 || repeat > 100)
        repeat = 5;
    double t[100];
    size_t files = 0, sidecars = 0, dirs = 0;
    for (int i = 0; i < repeat; i++) {
        double t0 = now_ms();
        struct scan_result *r = scan_tree(argv[1], "", NULL);
        t[i] = now_ms() - t0;
        if (!r) {
            perror("scan_tree");
            return 1;
        }
        scan_files(r, &files);
        scan_sidecars(r, &sidecars);
        dirs = scan_dir_count(r);
        scan_result_free(r);
    }
    qsort(t, (size_t)repeat, sizeof(double), cmp_double);
    printf("files=%zu\nsidecars=%zu\nfolders=%zu\n", files, sidecars, dirs);
    printf("scan_best_ms=%.2f\nscan_median_ms=%.2f\n", t[0], t[repeat / 2]);

    long rss_before = status_kb("VmRSS");
    struct bench b = { .mu = PTHREAD_MUTEX_INITIALIZER };
    struct watch_config cfg = {
        .root = argv[1],
        .settle_ns = 2000000000LL,
        .rescan_interval_ns = 0,
        .probe = noop_probe,
        .report = on_report,
        .report_user = &b,
    };
    double t0 = now_ms();
    struct watch *w = watch_start(&cfg);
    if (!w)
        return 1;
    double reset_ms = -1, confirmed_ms = -1;
    while (now_ms() - t0 < 60000) {
        pthread_mutex_lock(&b.mu);
        if (b.reset_at && reset_ms < 0)
            reset_ms = b.reset_at - t0;
        bool all = b.reset_at && b.confirmed >= b.reset_entries;
        pthread_mutex_unlock(&b.mu);
        if (all) {
            confirmed_ms = now_ms() - t0;
            break;
        }
        usleep(1000);
    }
    struct watch_stats st;
    watch_get_stats(w, &st);
    long hwm = status_kb("VmHWM");
    long rss_after = status_kb("VmRSS");
    double s0 = now_ms();
    watch_stop(w);
    double stop_ms = now_ms() - s0;
    printf("watch_first_reset_ms=%.2f\nwatch_reset_entries=%zu\n", reset_ms, b.reset_entries);
    printf("watch_all_confirmed_ms=%.2f\nwatch_folders=%zu\n", confirmed_ms, st.folders);
    printf("rss_before_kb=%ld\nrss_after_kb=%ld\npeak_rss_kb=%ld\nstop_ms=%.2f\n", rss_before,
           rss_after, hwm, stop_ms);
    return 0;
}

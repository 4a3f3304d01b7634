/* state_file.c — state.json read/write; see state_file.h.
 *
 *   {"version": 1, "language": "fr", "volume": 60, "config_volume": 100}
 */
#include "player/state_file.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "player/log.h"

#define LOG_MOD "state"
#define STATE_VERSION 1

bool state_language_valid(const char *lang)
{
    size_t n = strlen(lang);
    if (n == 0 || n >= STATE_LANG_MAX)
        return false;
    for (const char *p = lang; *p; p++) {
        if (!isalnum((unsigned char)*p) && *p != '-')
            return false;
    }
    return true;
}

/* mkdir -p with mode 0755; 0 or -errno. */
static int make_dirs(const char *dir)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
        return -ENAMETOOLONG;
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(path, 0755) < 0 && errno != EEXIST)
            return -errno;
        *p = c;
        if (c == '\0')
            break;
    }
    struct stat st;
    if (stat(dir, &st) < 0)
        return -errno;
    return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

int state_dir_make(const char *dir) { return make_dirs(dir); }

/* Read a whole (small) file: 0, or -errno; -EFBIG past 64 KiB (a state
 * file is a few dozen bytes: anything that big is damage). */
static int read_small_file(const char *path, char **out, size_t *len)
{
    enum { MAX = 64 * 1024 };
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    char *buf = malloc(MAX + 1);
    size_t n = 0;
    int rc = buf ? 0 : -ENOMEM;
    while (rc == 0) {
        ssize_t r = read(fd, buf + n, MAX + 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            rc = -errno;
        else if (r == 0)
            break;
        else if ((n += (size_t)r) > MAX)
            rc = -EFBIG;
    }
    close(fd);
    if (rc < 0) {
        free(buf);
        return rc;
    }
    *out = buf;
    *len = n;
    return 0;
}

static void file_path(char *buf, size_t size, const char *dir, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
}

int state_file_read(const char *dir, struct state_values *out)
{
    *out = (struct state_values){.language = "", .volume = -1, .config_volume = -1};
    int rc = make_dirs(dir);
    if (rc < 0) {
        log_warn(LOG_MOD, "cannot use the state folder %s: %s — language and volume will not survive a restart", dir,
                 strerror(-rc));
        return rc;
    }
    char path[PATH_MAX + 32];
    file_path(path, sizeof(path), dir, STATE_FILE_NAME);
    if (access(path, F_OK) < 0 && errno == ENOENT) {
        log_verbose(LOG_MOD, "no %s yet: starting with the defaults", path);
        return 0;
    }
    char *text = NULL;
    size_t len = 0;
    rc = read_small_file(path, &text, &len);
    if (rc < 0) {
        log_warn(LOG_MOD, "cannot read %s (%s): starting with the defaults", path, strerror(-rc));
        return 0;
    }
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    free(text);
    if (!root || !json_is_object(root)) {
        if (root)
            log_warn(LOG_MOD, "%s is damaged (not a JSON object): starting with the defaults", path);
        else
            log_warn(LOG_MOD, "%s is damaged (line %d: %s): starting with the defaults", path, jerr.line, jerr.text);
        json_decref(root);
        return 0;
    }
    char bad[64] = "";
    json_t *lang = json_object_get(root, "language");
    json_t *vol = json_object_get(root, "volume");
    json_t *cvol = json_object_get(root, "config_volume");
    if (lang && !json_is_null(lang)) {
        if (json_is_string(lang) && state_language_valid(json_string_value(lang)))
            snprintf(out->language, sizeof(out->language), "%s", json_string_value(lang));
        else
            strcat(bad, " \"language\"");
    }
    if (vol && !json_is_null(vol)) {
        if (json_is_integer(vol) && json_integer_value(vol) >= 0 && json_integer_value(vol) <= 100)
            out->volume = (int)json_integer_value(vol);
        else
            strcat(bad, " \"volume\"");
    }
    if (cvol && json_is_integer(cvol) && json_integer_value(cvol) >= 0 && json_integer_value(cvol) <= 100)
        out->config_volume = (int)json_integer_value(cvol);
    if (*bad)
        log_warn(LOG_MOD, "%s: ignoring bad values:%s", path, bad);
    json_decref(root);
    log_verbose(LOG_MOD, "read %s: language %s, volume %d", path, *out->language ? out->language : "(none)",
                out->volume);
    return 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

int state_file_write(const char *dir, const struct state_values *v)
{
    int rc = make_dirs(dir);
    if (rc < 0)
        return rc;
    json_t *root = json_pack("{s:i}", "version", STATE_VERSION);
    if (!root)
        return -ENOMEM;
    if (*v->language)
        json_object_set_new(root, "language", json_string(v->language));
    if (v->volume >= 0) {
        json_object_set_new(root, "volume", json_integer(v->volume));
        json_object_set_new(root, "config_volume", json_integer(v->config_volume));
    }
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!text)
        return -ENOMEM;

    char tmp[PATH_MAX + 32], path[PATH_MAX + 32];
    file_path(tmp, sizeof(tmp), dir, "." STATE_FILE_NAME ".tmp");
    file_path(path, sizeof(path), dir, STATE_FILE_NAME);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = -errno;
        free(text);
        return rc;
    }
    size_t len = strlen(text);
    rc = write_all(fd, text, len);
    if (rc == 0)
        rc = write_all(fd, "\n", 1);
    if (rc == 0 && fsync(fd) < 0)
        rc = -errno;
    if (close(fd) < 0 && rc == 0)
        rc = -errno;
    free(text);
    if (rc == 0 && rename(tmp, path) < 0)
        rc = -errno;
    if (rc < 0) {
        unlink(tmp);
        return rc;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd); /* make the rename durable; failure here loses nothing yet */
        close(dfd);
    }
    return 0;
}

/* i18n.h — on-screen texts in the viewer's language.
 *
 * Catalogues are gettext .mo files compiled from player/po/LANG.po at build
 * time (msgfmt) and read here with subtitles/mofile (no libintl, no
 * setlocale: the viewer's language changes at run time, per key press).
 * English is the msgid language. Layout: <locale_dir>/<lang>/LC_MESSAGES/
 * vitrina.mo; locale_dir is <build>/locale in tests and /usr/share/locale
 * when installed.
 *
 * Language choice for a text: the catalogue of the asked language ("fr",
 * "pt-BR" → pt_BR, else pt); English gets the msgid; a language without a
 * catalogue (e.g. quc, mam) falls back along the configured fallback list
 * (config `languages`, e.g. es,en) and finally to English. A catalogue that
 * lacks a string gives the English msgid, not another language.
 *
 * Safety: a translation is used only if its printf conversions are the
 * msgid's, in the same order; otherwise the msgid is returned (a broken or
 * foreign catalogue can make a text English, never crash the player).
 *
 * Threading: i18n_open and i18n_set_fallbacks are setup-time; afterwards
 * the object is read-only and every function may be called from any thread.
 * Returned strings are owned by the i18n object (or are the msgid itself).
 */
#ifndef VITRINA_PLAYER_I18N_H
#define VITRINA_PLAYER_I18N_H

#include <stdbool.h>
#include <stddef.h>

#define I18N_DOMAIN "vitrina"
#define I18N_LOCALE_DIR "/usr/share/locale"

/* The UI texts (msgids). Use these names rather than retyping the text; the
 * .po files and the completeness test are checked against this list. */
#define I18N_NO_VIDEOS "No videos yet — copy videos into %s"          /* %s: folder */
#define I18N_WAITING "%d waiting"                                      /* files being copied/checked */
#define I18N_REJECTED "%d rejected"                                    /* files that cannot play */
#define I18N_NEW_VIDEO "New video: %s"                                 /* %s: title */
#define I18N_NOT_AVAILABLE "%s not available for this video — showing %s" /* wanted, shown (autonyms) */
#define I18N_SUBTITLES "Subtitles"                                     /* a sidecar with no language */
#define I18N_SUBTITLES_OFF "Subtitles off"                             /* picker entry / notice */
#define I18N_LANGUAGE "Language"                                       /* picker title */
#define I18N_CHOOSE_LANGUAGE "Choose a language"                       /* picker subtitle line */
#define I18N_PRESS_OK "Press OK to select"                             /* picker hint */
#define I18N_VIDEO_HAS "This video has: %s"                            /* %s: autonyms, comma-separated */
#define I18N_POSITION "%d / %d"                                        /* info: position in playlist */
#define I18N_LANGUAGE_IS "Language: %s"                                /* info line */
#define I18N_SUBTITLES_IS "Subtitles: %s"                              /* info line / SUBTITLE key */
#define I18N_AUDIO_IS "Audio: %s"                                      /* LANGUAGE key */
#define I18N_PAUSED "Paused"
#define I18N_VOLUME "Volume: %d%%"
#define I18N_MUTED "Muted"

/* Every msgid above, for tests and tools (constant data). */
extern const char *const i18n_msgids[];
extern const size_t i18n_msgid_count;

typedef struct i18n i18n;

/* Load every <locale_dir>/<lang>/LC_MESSAGES/<domain>.mo (locale_dir NULL =
 * I18N_LOCALE_DIR, domain NULL = I18N_DOMAIN). A missing directory or
 * catalogue is not an error (texts stay English); a corrupt catalogue is
 * skipped with one warning. Returns 0 and a new object in *out (caller
 * owns it: i18n_free), or -1 for no memory. Setup-time. */
int i18n_open(const char *locale_dir, const char *domain, i18n **out);

/* Set the fallback languages for viewers whose language has no catalogue
 * (config `languages` in order, e.g. {"es", "en"}); copied. Returns 0, or
 * -1 for no memory. Setup-time. */
int i18n_set_fallbacks(i18n *t, const char *const *langs, size_t n);

/* The text for `msgid` in language `lang` (a code such as "fr", "pt-BR";
 * canonicalise ISO 639-2 forms with lang_canon first). Returns the
 * translation (owned by t) or `msgid` itself. NULL t or lang → msgid. */
const char *i18n_tr(const i18n *t, const char *lang, const char *msgid);

/* i18n_tr + snprintf into buf (always NUL-terminated, truncated if needed).
 * The format attribute checks the arguments against the English msgid;
 * translations are only used when their conversions match it. */
const char *i18n_format(const i18n *t, const char *lang, char *buf, size_t size, const char *msgid, ...)
    __attribute__((format(printf, 5, 6)));

/* The language whose texts a viewer of `lang` will see: the catalogue code
 * ("pt_BR", "es"), "en" for English (and when nothing else applies). The
 * string is owned by t or static. */
const char *i18n_effective(const i18n *t, const char *lang);

/* Number of catalogues loaded (0 = English only). */
size_t i18n_count(const i18n *t);

/* Release everything. NULL is fine. */
void i18n_free(i18n *t);

#endif

/* test_subtitles_charset.c — subtitle bytes → UTF-8.
 *
 * Oracles: the JuvoPlayer legacy code-page SRTs with the decoded strings
 * from their upstream test (corpus SOURCES.md §6), the androidx UTF-16
 * files against their UTF-8 twin, hand-encoded byte strings for each BOM,
 * and junk that must still come out as valid UTF-8.
 *
 * What is required of the ambiguous single-byte files (see charset.h):
 *   - with the default code page: cp1252, UTF-8 and the pages uchardet
 *     recognises (Big5, CP949, GB2312, cp1256) decode exactly; every file
 *     decodes to valid UTF-8;
 *   - when the staff name the page as the plain fallback: exact for every
 *     page uchardet has no guess for (1250, 1251, 1253, 1254, 1257, 1258,
 *     874); cp1255 is mistaken by uchardet for ISO-8859-7, so Hebrew
 *     needs the forced form;
 *   - "+NAME" (forced): exact for every page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <iconv.h>

#include "subtitles/charset.h"

static const char *corpus(void)
{
    const char *c = getenv("VT_CORPUS");
    if (!c || !c[0])
        fail_msg("VT_CORPUS is not set (ctest sets it; export it to run by hand)");
    return c;
}

static unsigned char *slurp(const char *rel, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", corpus(), rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    buf[n] = 0;
    *len = (size_t)n;
    return buf;
}

/* Convert and check the invariants every result must satisfy. */
static int convert(const void *bytes, size_t len, const char *cp, char **out, char name[CHARSET_NAME_SIZE])
{
    size_t outlen = 12345;
    int how = charset_to_utf8(bytes, len, cp, out, &outlen, name);
    assert_true(how >= 0);
    assert_non_null(*out);
    assert_int_equal(strlen(*out), outlen); /* no NUL inside */
    assert_true(charset_utf8_valid(*out, outlen));
    assert_false(outlen >= 3 && memcmp(*out, "\xEF\xBB\xBF", 3) == 0); /* BOM stripped */
    return how;
}

#define JUVO "juvoplayer/JuvoPlayer.Tests/res/subtitles/"

typedef struct juvo_case {
    const char *file;
    const char *page;        /* iconv name the staff would write */
    const char *expect;      /* one cue, exactly (upstream oracle) */
    int exact_by_default;    /* default cp1252 fallback gives it exactly */
    int exact_as_fallback;   /* naming the page as plain fallback is enough */
} juvo_case;

static const juvo_case JUVO_CASES[] = {
    {"media_player_subs_windows-1250.srt", "windows-1250", "[Central Europe] 2.5: Ąą Ćć Ęę Łł Ńń Óó Śś Źź Żż", 0, 1},
    {"media_player_subs_windows-1251.srt", "windows-1251", "[Cyrylic] 5.0: Жж Зз Кк Лл Ыы Чч Щщ Ъъ Ыы Юю Яя", 0, 1},
    {"media_player_subs_windows-1252.srt", "windows-1252",
     "[Western Europe] 4.5: Àà Áá Ââ Ææ Çç Èè Ïï Ðð Ññ Õõ Øø Ýý Þþ £ €", 1, 1},
    {"media_player_subs_windows-1253.srt", "windows-1253",
     "[Greek] 3.5: Άά Αα Ββ Γγ Δδ Εε Ζζ Ηη Θθ Ιι Κκ Λλ Ξξ Ψψ Ωω ώ", 0, 1},
    {"media_player_subs_windows-1254.srt", "windows-1254", "[Turkish] 3.5: Çç Ğğ Öö Üü Şş ¡ ¿ § µ ¾", 0, 1},
    {"media_player_subs_windows-1255.srt", "windows-1255", "[Herbrew] 3.0: ₪ װױ  אבג דהוז חטיכ ל ר ¡ ¿ § µ ¾ ¥", 0, 0},
    {"media_player_subs_windows-1256.srt", "windows-1256", "[Arabic] 3.0: علاء ديه القط، والقط هو علاء", 1, 1},
    {"media_player_subs_windows-1257.srt", "windows-1257",
     "[Baltic] 1.5: Ąą Įį Āā Ćć Čč Ģģ Ķķ Ļļ Ńń Ņņ Õõ Ųų Øø Ææ µ ß", 0, 1},
    {"media_player_subs_windows-1258.srt", "windows-1258",
     "[Vietnamese] 0.5: Àà Áá Ââ Ææ Çç Đđ Èè Ïï Ăă Ññ Ơơ Øø Ưư ₫ £ €", 0, 1},
    /* No upstream oracle for Thai: cp874 bytes 0xA1.. map to U+0E01.. */
    {"media_player_subs_windows-874.srt", "windows-874",
     "[Thai] 0.5: \u0E01\u0E02 \u0E03\u0E04 \u0E05\u0E06 \u0E07\u0E08 \u0E09\u0E0A \u0E0B\u0E0C \u0E11\u0E12 "
     "\u0E14\u0E15 \u0E32\u0E42 \u0E43\u0E44 \u0E45\u0E46 \u0E4F \u0E5A \u0E5B",
     0, 1},
    {"media_player_subs_big5.srt", "big5", "[Chinese Traditional] 3.0: 她有一隻貓。貓有皮毛", 1, 1},
    {"media_player_subs_cp-949.srt", "cp949", "[Korean] 3.5: 그녀는 고양이가. 고양이 모피를 가지고", 1, 1},
    {"media_player_subs_gb2312.srt", "gb2312", "[Chinese Simplified] 4.5: 她有一只猫.猫的皮毛有", 1, 1},
    {"media_player_subs_utf8.srt", "utf-8", "[UTF-8] 3.0: 고양이. Чч Щщ Ъъ. Óó Śś Źź. Ýý Ţţ Ł €. 猫.", 1, 1},
    {"subtitles_de.vtt", "utf-8", "Stellen Sie beste Streaming Performance zur Verfügung,", 1, 1},
    {"subtitles_en.vtt", "utf-8", "A dangerous quest for a lone hunter.", 1, 1},
    {"subtitles_es.vtt", "utf-8", "Éstas son tierras de dragones, Sintel.", 1, 1},
    {"subtitles_fr.vtt", "utf-8", "C'est bientôt fini. Chut...", 1, 1},
};

/* The expected cue text must appear as a whole line. */
static int has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = strstr(text, line); p; p = strstr(p + 1, line)) {
        if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\r' || p[n] == '\0'))
            return 1;
    }
    return 0;
}

static void test_juvoplayer_code_pages(void **state)
{
    (void)state;
    int exact_default = 0;
    for (size_t i = 0; i < sizeof(JUVO_CASES) / sizeof(JUVO_CASES[0]); i++) {
        const juvo_case *c = &JUVO_CASES[i];
        char rel[256];
        snprintf(rel, sizeof(rel), JUVO "%s", c->file);
        size_t len;
        unsigned char *bytes = slurp(rel, &len);
        char *out;
        char name[CHARSET_NAME_SIZE];

        /* default configuration */
        int how = convert(bytes, len, NULL, &out, name);
        int ok = has_line(out, c->expect);
        print_message("%-40s default: %-9s %-13s %s\n", c->file, charset_how_name(how), name,
                      ok ? "exact" : "not exact");
        if (c->exact_by_default && !ok)
            fail_msg("%s: expected \"%s\" with the default code page", c->file, c->expect);
        exact_default += ok;
        free(out);

        /* named as the plain fallback */
        convert(bytes, len, c->page, &out, name);
        if (c->exact_as_fallback && !has_line(out, c->expect))
            fail_msg("%s: expected \"%s\" with fallback %s, got via %s", c->file, c->expect, c->page, name);
        free(out);

        /* forced */
        char forced[64];
        snprintf(forced, sizeof(forced), "+%s", c->page);
        convert(bytes, len, forced, &out, name);
        if (!has_line(out, c->expect))
            fail_msg("%s: expected \"%s\" when forced to %s", c->file, c->expect, c->page);
        free(out);
        free(bytes);
    }
    assert_int_equal(exact_default, 10);
}

static void test_utf16_corpus_files(void **state)
{
    (void)state;
    size_t tlen;
    unsigned char *typical = slurp("androidx-media/media/subrip/typical", &tlen);
    const char *files[] = {"androidx-media/media/subrip/typical_utf16le", "androidx-media/media/subrip/typical_utf16be"};
    const char *names[] = {"UTF-16LE", "UTF-16BE"};
    for (int i = 0; i < 2; i++) {
        size_t len;
        unsigned char *bytes = slurp(files[i], &len);
        char *out;
        char name[CHARSET_NAME_SIZE];
        assert_int_equal(convert(bytes, len, NULL, &out, name), CHARSET_BOM);
        assert_string_equal(name, names[i]);
        /* same text as the UTF-8 twin, which has one more final newline */
        assert_true(strlen(out) + 1 == tlen);
        assert_memory_equal(out, typical, strlen(out));
        free(out);
        free(bytes);
    }
    free(typical);

    size_t len;
    unsigned char *bytes = slurp("go-astisub/testdata/example-in-non-utf8.srt", &len);
    char *out;
    char name[CHARSET_NAME_SIZE];
    assert_int_equal(convert(bytes, len, NULL, &out, name), CHARSET_BOM);
    assert_string_equal(name, "UTF-16LE");
    assert_non_null(strstr(out, "00:02:04,08 --> 00:02:07,12 X1:40 X2:600 Y1:20 Y2:50\nMAN:\nHow did we end up here?"));
    free(out);
    free(bytes);
}

/* "Ñandú €" hand-encoded: U+00D1 U+0061 U+006E U+0064 U+00FA U+0020 U+20AC */
#define NANDU "\xC3\x91" "and\xC3\xBA \xE2\x82\xAC"

typedef struct bytes_case {
    const char *label;
    const char *bytes;
    size_t len;
    const char *cp;
    int how;
    const char *name;
    const char *expect;
} bytes_case;

#define B(s) s, sizeof(s) - 1

static const bytes_case BYTE_CASES[] = {
    {"utf-8 bom", B("\xEF\xBB\xBF" NANDU), NULL, CHARSET_BOM, "UTF-8", NANDU},
    {"utf-16le bom", B("\xFF\xFE\xD1\x00" "a\0n\0d\0\xFA\x00 \0\xAC\x20"), NULL, CHARSET_BOM, "UTF-16LE", NANDU},
    {"utf-16be bom", B("\xFE\xFF\x00\xD1\0a\0n\0d\x00\xFA\0 \x20\xAC"), NULL, CHARSET_BOM, "UTF-16BE", NANDU},
    {"utf-32le bom", B("\xFF\xFE\0\0\xD1\0\0\0a\0\0\0n\0\0\0d\0\0\0\xFA\0\0\0 \0\0\0\xAC\x20\0\0"), NULL,
     CHARSET_BOM, "UTF-32LE", NANDU},
    {"utf-32be bom", B("\0\0\xFE\xFF\0\0\0\xD1\0\0\0a\0\0\0n\0\0\0d\0\0\0\xFA\0\0\0 \0\0\x20\xAC"), NULL,
     CHARSET_BOM, "UTF-32BE", NANDU},
    {"utf-16le astral", B("\xFF\xFE\x3D\xD8\x00\xDE"), NULL, CHARSET_BOM, "UTF-16LE", "\xF0\x9F\x98\x80"},
    {"bom only", B("\xEF\xBB\xBF"), NULL, CHARSET_BOM, "UTF-8", ""},
    {"empty", B(""), NULL, CHARSET_UTF8, "UTF-8", ""},
    {"plain utf-8", B(NANDU), NULL, CHARSET_UTF8, "UTF-8", NANDU},
    {"cp1252 default", B("\xD1" "and\xFA \x80"), NULL, -1, NULL, NANDU},
    {"cp1252 quotes", B("\x93Hola\x94 \x96 adi\xF3s"), NULL, -1, NULL,
     "\xE2\x80\x9CHola\xE2\x80\x9D \xE2\x80\x93 adi\xC3\xB3s"},
    {"utf-8 bom, broken byte", B("\xEF\xBB\xBF" "a\xFF" "b"), NULL, CHARSET_BOM, "UTF-8", "a\xEF\xBF\xBD" "b"},
    {"utf-16le odd length", B("\xFF\xFE" "a\0b"), NULL, CHARSET_BOM, "UTF-16LE", "a\xEF\xBF\xBD"},
    {"utf-16le lone surrogate", B("\xFF\xFE" "a\0\x00\xD8" "b\0"), NULL, CHARSET_BOM, "UTF-16LE",
     "a\xEF\xBF\xBD" "b"},
    {"nul in utf-8", B("a\0b"), NULL, CHARSET_UTF8, "UTF-8", "a\xEF\xBF\xBD" "b"},
    {"fallback cp1250", B("\x8A" "koda \xB9"), "cp1250", -1, NULL, "\xC5\xA0koda \xC4\x85"},
    {"forced cp1251", B("\xCF\xF0\xE8\xE2\xE5\xF2"), "+cp1251", CHARSET_FORCED, "cp1251",
     "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"},
    {"forced page ignored for utf-8", B(NANDU), "+cp1251", CHARSET_UTF8, "UTF-8", NANDU},
    {"unknown fallback name", B("\xD1" "and\xFA"), "no-such-page", -1, NULL, NULL},
};

static void test_hand_encoded(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(BYTE_CASES) / sizeof(BYTE_CASES[0]); i++) {
        const bytes_case *c = &BYTE_CASES[i];
        char *out;
        char name[CHARSET_NAME_SIZE];
        int how = convert(c->bytes, c->len, c->cp, &out, name);
        print_message("%-30s → %s via %s\n", c->label, charset_how_name(how), name);
        if (c->how >= 0 && how != c->how)
            fail_msg("%s: decided by %s, expected %s", c->label, charset_how_name(how), charset_how_name(c->how));
        if (c->name && strcmp(name, c->name) != 0)
            fail_msg("%s: encoding %s, expected %s", c->label, name, c->name);
        if (c->expect && strcmp(out, c->expect) != 0)
            fail_msg("%s: got \"%s\"", c->label, out);
        free(out);
    }
}

/* Encode UTF-8 text into a legacy page with glibc's iconv (the encoding
 * direction only; what is under test is the decision chain). */
static char *encode(const char *utf8, const char *page, size_t *len)
{
    iconv_t cd = iconv_open(page, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t inleft = strlen(utf8), cap = inleft * 4 + 8, outleft = cap;
    char *buf = malloc(cap), *in = (char *)utf8, *outp = buf;
    assert_non_null(buf);
    assert_true(iconv(cd, &in, &inleft, &outp, &outleft) != (size_t)-1);
    iconv_close(cd);
    *len = cap - outleft;
    return buf;
}

typedef struct text_case {
    const char *text;
    const char *page;     /* the file's real encoding */
    const char *fallback; /* configured subtitle-codepage (NULL = default) */
} text_case;

/* Realistic short lines: the kind of file where uchardet guesses a wrong
 * page of the right script, and longer ones where it knows the script. */
static const text_case TEXT_CASES[] = {
    {"\xC2\xBFQu\xC3\xA9 pas\xC3\xB3?\n", "CP1252", NULL},
    {"\xC3\x89l comi\xC3\xB3\n", "CP1252", NULL},
    {"ni\xC3\xB1o\n", "CP1252", NULL},
    {"Ma\xC3\xB1" "ana\n", "CP1252", NULL},
    {"acci\xC3\xB3n\n", "CP1252", NULL},
    {"\xC3\x91" "and\xC3\xBA\n", "CP1252", NULL},
    {"Evang\xC3\xA9lico, tel\xC3\xA9" "fono, cami\xC3\xB3n\n", "CP1252", NULL},
    {"N\xC3\xA3o sei, cora\xC3\xA7\xC3\xA3o\n", "CP1252", NULL},
    {"\xC3\x87" "a va? Tr\xC3\xA8s bien \xE2\x80\x94 \xE2\x80\x9Cmerci\xE2\x80\x9D\n", "CP1252", NULL},
    {"\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82! \xD0\x9A\xD0\xB0\xD0\xBA \xD0\xB4\xD0\xB5\xD0\xBB\xD0\xB0? "
     "\xD0\x9C\xD1\x8B \xD1\x88\xD0\xBB\xD0\xB8 \xD0\xB4\xD0\xBE\xD0\xBB\xD0\xB3\xD0\xBE, \xD0\xBE\xD1\x87\xD0\xB5\xD0\xBD\xD1\x8C "
     "\xD0\xB4\xD0\xBE\xD0\xBB\xD0\xB3\xD0\xBE, \xD1\x87\xD0\xB5\xD1\x80\xD0\xB5\xD0\xB7 \xD0\xB3\xD0\xBE\xD1\x80\xD1\x8B "
     "\xD0\xB8 \xD1\x80\xD0\xB5\xD0\xBA\xD0\xB8.\n", "CP1251", NULL},
    {"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7\xD8\x8C \xD9\x83\xD9\x8A\xD9\x81 \xD8\xAD\xD8\xA7\xD9\x84\xD9\x83\xD8\x9F "
     "\xD9\x87\xD8\xB0\xD9\x87 \xD8\xAA\xD8\xB1\xD8\xAC\xD9\x85\xD8\xA9 \xD8\xA7\xD9\x84\xD9\x81\xD9\x8A\xD9\x84\xD9\x85.\n",
     "CP1256", NULL},
    {"Za\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87 g\xC4\x99\xC5\x9Bl\xC4\x85 ja\xC5\xBA\xC5\x84. \xC5\x9Awiat si\xC4\x99 zmienia.\n",
     "CP1250", "cp1250"},
};

static void test_short_legacy_texts(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(TEXT_CASES) / sizeof(TEXT_CASES[0]); i++) {
        const text_case *c = &TEXT_CASES[i];
        size_t len;
        char *bytes = encode(c->text, c->page, &len);
        char *out;
        char name[CHARSET_NAME_SIZE];
        int how = convert(bytes, len, c->fallback, &out, name);
        print_message("%-8s fallback %-7s → %s via %s\n", c->page, c->fallback ? c->fallback : "default",
                      charset_how_name(how), name);
        if (strcmp(out, c->text) != 0)
            fail_msg("case %zu (%s): got \"%s\" via %s, expected \"%s\"", i, c->page, out, name, c->text);
        free(out);
        free(bytes);
    }
}

static void test_utf16_without_bom(void **state)
{
    (void)state;
    const char *text = "1\n00:00:01,000 --> 00:00:02,000\nHola, \xC2\xBF" "c\xC3\xB3mo est\xC3\xA1s?\n";
    /* encode as UTF-16LE and BE by hand (all code points < U+0100) */
    unsigned char le[256], be[256];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        unsigned cp = *p;
        if (cp >= 0xC0) {
            cp = ((cp & 0x1F) << 6) | (p[1] & 0x3F);
            p++;
        }
        le[n] = (unsigned char)cp, le[n + 1] = 0;
        be[n] = 0, be[n + 1] = (unsigned char)cp;
        n += 2;
    }
    char *out;
    char name[CHARSET_NAME_SIZE];
    assert_int_equal(convert(le, n, NULL, &out, name), CHARSET_DETECTED);
    assert_string_equal(name, "UTF-16LE");
    assert_string_equal(out, text);
    free(out);
    assert_int_equal(convert(be, n, NULL, &out, name), CHARSET_DETECTED);
    assert_string_equal(name, "UTF-16BE");
    assert_string_equal(out, text);
    free(out);
}

static void test_mostly_utf8_with_a_broken_byte(void **state)
{
    (void)state;
    /* A UTF-8 file with one Latin-1 byte pasted in: keep the UTF-8. */
    const char *bytes = "Ni\xC3\xB1o, ma\xC3\xB1" "ana, coraz\xC3\xB3n, se\xC3\xB1or, caf\xE9, adi\xC3\xB3s, "
                        "cami\xC3\xB3n, ac\xC3\xA1";
    char *out;
    char name[CHARSET_NAME_SIZE];
    assert_int_equal(convert(bytes, strlen(bytes), NULL, &out, name), CHARSET_LOSSY);
    assert_string_equal(out, "Ni\xC3\xB1o, ma\xC3\xB1" "ana, coraz\xC3\xB3n, se\xC3\xB1or, caf\xEF\xBF\xBD, "
                             "adi\xC3\xB3s, cami\xC3\xB3n, ac\xC3\xA1");
    free(out);
}

static void test_binary_junk(void **state)
{
    (void)state;
    size_t len = 1 << 16;
    unsigned char *junk = malloc(len);
    assert_non_null(junk);
    unsigned seed = 7;
    const char *pages[] = {NULL, "cp1252", "+cp1251", "utf-8", "no-such-page", ""};
    for (int round = 0; round < 12; round++) {
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            junk[i] = (unsigned char)(seed >> 16);
        }
        if (round == 1)
            memcpy(junk, "\xFF\xFE", 2); /* junk after a UTF-16 BOM */
        if (round == 2)
            memcpy(junk, "\xEF\xBB\xBF", 3);
        if (round == 3)
            memset(junk, 0, len); /* all NUL */
        char *out;
        char name[CHARSET_NAME_SIZE];
        size_t n = round == 4 ? 1 : round == 5 ? 3 : len;
        convert(junk, n, pages[round % 6], &out, name);
        free(out);
    }
    char *out;
    char name[CHARSET_NAME_SIZE];
    convert(NULL, 0, NULL, &out, name);
    assert_string_equal(out, "");
    free(out);
    /* detected may be NULL */
    size_t outlen;
    assert_true(charset_to_utf8("abc", 3, NULL, &out, &outlen, NULL) >= 0);
    assert_string_equal(out, "abc");
    free(out);
    free(junk);
}

static void test_utf8_validator(void **state)
{
    (void)state;
    static const struct { const char *s; size_t n; int ok; } cases[] = {
        {"", 0, 1}, {"abc", 3, 1}, {"\xC3\xA9", 2, 1}, {"\xE2\x82\xAC", 3, 1}, {"\xF0\x9F\x98\x80", 4, 1},
        {"a\0b", 3, 1}, {"\xC3", 1, 0}, {"\xC0\xAF", 2, 0} /* overlong */, {"\xE0\x80\xAF", 3, 0},
        {"\xED\xA0\x80", 3, 0} /* surrogate */, {"\xF4\x90\x80\x80", 4, 0} /* > U+10FFFF */,
        {"\xFF", 1, 0}, {"\x80", 1, 0}, {"\xE2\x82", 2, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (charset_utf8_valid(cases[i].s, cases[i].n) != (cases[i].ok != 0))
            fail_msg("utf8_valid case %zu", i);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_juvoplayer_code_pages),
        cmocka_unit_test(test_utf16_corpus_files),
        cmocka_unit_test(test_hand_encoded),
        cmocka_unit_test(test_short_legacy_texts),
        cmocka_unit_test(test_utf16_without_bom),
        cmocka_unit_test(test_mostly_utf8_with_a_broken_byte),
        cmocka_unit_test(test_binary_junk),
        cmocka_unit_test(test_utf8_validator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#!/usr/bin/env bash
# make-demo.sh DIR — generate the demo folder (no binary media in git).
# Idempotent: files that already exist are kept. Needs ffmpeg and espeak-ng.
# The testimony is fictional, written for this demo.
set -euo pipefail
dir=${1:-demo}
mkdir -p "$dir"
font=/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf
[ -f "$font" ] || font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ff=(ffmpeg -nostdin -hide_banner -loglevel error -y)
made=0

# card NAME SECONDS COLOR VOICE "SPOKEN TEXT" "LINE 1" "LINE 2"
card() {
    local out="$dir/$1" secs=$2 color=$3 voice=$4 speech=$5 l1=$6 l2=$7
    [ -e "$out" ] && return 0
    espeak-ng -v "$voice" -s 150 -w "$tmp/voice.wav" "$speech"
    printf '%s' "$l1" >"$tmp/l1.txt"
    printf '%s' "$l2" >"$tmp/l2.txt"
    "${ff[@]}" -f lavfi -i "color=c=$color:s=1280x720:r=30:d=$secs" -i "$tmp/voice.wav" \
        -filter_complex "[0:v]drawtext=fontfile=$font:textfile=$tmp/l1.txt:fontsize=64:fontcolor=white:x=(w-tw)/2:y=h/2-90,drawtext=fontfile=$font:textfile=$tmp/l2.txt:fontsize=36:fontcolor=0xDDDDDD:x=(w-tw)/2:y=h/2+20,fade=t=in:d=0.5[v];[1:a]aresample=48000,apad[a]" \
        -map "[v]" -map "[a]" -t "$secs" -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 96k \
        -metadata title="$l1" "$tmp/card.mp4"
    mv "$tmp/card.mp4" "$out"
    made=$((made + 1))
}

card 01-welcome.mp4 7 0x1f3b57 en \
    "Welcome. This screen plays short videos in a loop. Choose your subtitle language with the remote." \
    "Welcome — Bienvenidos — Bienvenue" "Choose your language with the remote"
card 02-testimonio-maria.mp4 10 0x4a2c2a es \
    "Me llamo María. Volví a mi país después de dos años. El camino fue muy duro, sobre todo para mis hijos. Hoy tengo un pequeño negocio y estamos juntos." \
    "María, 34 — testimonio" "Volví a mi país después de dos años"
card 03-how-return-works.mp4 9 0x234d2f fr \
    "Le retour volontaire assisté: vous pouvez demander de l'aide pour rentrer chez vous. Parlez-en avec l'équipe du centre." \
    "Retour volontaire assisté" "Parlez-en avec l'équipe du centre"

# A portrait phone video: landscape pixels plus a display-rotation tag.
if [ ! -e "$dir/04-portrait-phone.mp4" ]; then
    "${ff[@]}" -f lavfi -i "testsrc2=s=640x360:r=30:d=6" -f lavfi -i "sine=frequency=330:sample_rate=48000:d=6" \
        -vf "drawtext=fontfile=$font:text='Portrait phone video':fontsize=32:fontcolor=white:box=1:boxcolor=black@0.6:x=(w-tw)/2:y=h-60" \
        -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 64k -metadata:s:v:0 rotate=90 "$tmp/p.mp4"
    mv "$tmp/p.mp4" "$dir/04-portrait-phone.mp4"
    made=$((made + 1))
fi
# A still picture (shown for image-duration seconds).
if [ ! -e "$dir/05-information-desk.png" ]; then
    printf '%s' "Information desk — open 9:00–17:00" >"$tmp/s1.txt"
    printf '%s' "Mesa de información — Bureau d’information" >"$tmp/s2.txt"
    "${ff[@]}" -f lavfi -i "color=c=0x2b2b2b:s=1280x720:d=1" \
        -vf "drawtext=fontfile=$font:textfile=$tmp/s1.txt:fontsize=54:fontcolor=white:x=(w-tw)/2:y=h/2-40,drawtext=fontfile=$font:textfile=$tmp/s2.txt:fontsize=34:fontcolor=0xCCCCCC:x=(w-tw)/2:y=h/2+40" \
        -frames:v 1 "$tmp/s.png"
    mv "$tmp/s.png" "$dir/05-information-desk.png"
    made=$((made + 1))
fi

# Subtitle sidecars (text, UTF-8): NAME.LANG.srt beside each video.
sub() { local f="$dir/$1"; [ -e "$f" ] || cat >"$f"; }
sub 01-welcome.es.srt <<'SRT'
1
00:00:00,500 --> 00:00:03,500
Bienvenidos. Esta pantalla muestra videos cortos.

2
00:00:03,600 --> 00:00:06,800
Elija su idioma de subtítulos con el control remoto.
SRT
sub 01-welcome.en.srt <<'SRT'
1
00:00:00,500 --> 00:00:03,500
Welcome. This screen plays short videos in a loop.

2
00:00:03,600 --> 00:00:06,800
Choose your subtitle language with the remote.
SRT
sub 01-welcome.fr.srt <<'SRT'
1
00:00:00,500 --> 00:00:03,500
Bienvenue. Cet écran passe de courtes vidéos en boucle.

2
00:00:03,600 --> 00:00:06,800
Choisissez la langue des sous-titres avec la télécommande.
SRT
sub 01-welcome.ht.srt <<'SRT'
1
00:00:00,500 --> 00:00:03,500
Byenveni. Ekran sa a montre ti videyo youn apre lòt.

2
00:00:03,600 --> 00:00:06,800
Chwazi lang soutit ou ak telekòmand lan.
SRT
sub 02-testimonio-maria.es.srt <<'SRT'
1
00:00:00,300 --> 00:00:03,000
Me llamo María. Volví a mi país después de dos años.

2
00:00:03,100 --> 00:00:06,200
El camino fue muy duro, sobre todo para mis hijos.

3
00:00:06,300 --> 00:00:09,800
Hoy tengo un pequeño negocio y estamos juntos.
SRT
sub 02-testimonio-maria.en.srt <<'SRT'
1
00:00:00,300 --> 00:00:03,000
My name is María. I came back home after two years.

2
00:00:03,100 --> 00:00:06,200
The road was very hard, above all for my children.

3
00:00:06,300 --> 00:00:09,800
Today I have a small business and we are together.
SRT
sub 02-testimonio-maria.fr.srt <<'SRT'
1
00:00:00,300 --> 00:00:03,000
Je m’appelle María. Je suis rentrée après deux ans.

2
00:00:03,100 --> 00:00:06,200
La route a été très dure, surtout pour mes enfants.

3
00:00:06,300 --> 00:00:09,800
Aujourd’hui j’ai un petit commerce et nous sommes ensemble.
SRT
sub 03-how-return-works.fr.srt <<'SRT'
1
00:00:00,300 --> 00:00:04,500
Le retour volontaire assisté : vous pouvez demander de l’aide pour rentrer.

2
00:00:04,600 --> 00:00:08,800
Parlez-en avec l’équipe du centre.
SRT
sub 03-how-return-works.es.srt <<'SRT'
1
00:00:00,300 --> 00:00:04,500
El retorno voluntario asistido: puede pedir ayuda para volver.

2
00:00:04,600 --> 00:00:08,800
Hable con el equipo del albergue.
SRT
[ "$made" -gt 0 ] && echo "Demo folder ready: $dir ($made new files)"
exit 0

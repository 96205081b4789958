#!/usr/bin/env bash
# Builds the demo rush corpora/demo/archive/rushes/rush_A001_jean_harbour.mp4 and its sidecar .srt.
# Jean Morvan's lines (fictional, French) are spoken by espeak-ng one by one; each line's duration is
# measured with soxi, and the SRT cue times are written from those measured times, so the subtitles
# match the speech. The video is a 640x360 slate at 25 fps with a 01:00:00:00 start timecode (burnt in
# when the DejaVu font is present, else a plain dark frame).
# Needs Debian espeak-ng, sox and ffmpeg. Deterministic text and timing; output well under 1 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in espeak-ng sox soxi ffmpeg; do
  command -v "$tool" >/dev/null || { echo "build-demo-rush: $tool is not installed (apt-get install espeak-ng sox ffmpeg)" >&2; exit 1; }
done

out_dir=corpora/demo/archive/rushes
base=rush_A001_jean_harbour
speaker="Jean Morvan"
voice=fr          # espeak-ng voice
wpm=140           # speaking rate
lead_in=1.0       # seconds of silence before the first line
gap=0.7           # seconds of silence between lines
tail=1.5          # seconds of silence after the last line
lines=(
  "C'est ici qu'on amarrait l'Hirondelle, le bateau de mon père."
  "La nuit du 13 au 14 février 1953, la mer a cassé l'amarre."
  "On l'a retrouvée le lendemain matin sur les rochers de la pointe de Kervel."
  "Mon père l'a réparée tout l'hiver, avec les planches de la cabane des douaniers."
  "Elle a encore navigué dix ans, jusqu'en 1963."
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

srt_time() { # seconds -> HH:MM:SS,mmm
  awk -v s="$1" 'BEGIN { ms = int(s * 1000 + 0.5); printf "%02d:%02d:%02d,%03d", int(ms / 3600000), int(ms / 60000) % 60, int(ms / 1000) % 60, ms % 1000 }'
}

sox -n -r 22050 -c 1 "$work/lead.wav" trim 0 "$lead_in"
sox -n -r 22050 -c 1 "$work/gap.wav" trim 0 "$gap"
sox -n -r 22050 -c 1 "$work/tail.wav" trim 0 "$tail"
parts=("$work/lead.wav")
t=$lead_in
: >"$work/$base.srt"
for i in "${!lines[@]}"; do
  wav="$work/line_$i.wav"
  espeak-ng -v "$voice" -s "$wpm" -w "$work/raw_$i.wav" "${lines[$i]}"
  # trim the trailing silence espeak-ng leaves, so each cue ends where the voice ends
  sox "$work/raw_$i.wav" -r 22050 -c 1 "$wav" reverse silence 1 0.02 -45d reverse
  dur=$(soxi -D "$wav")
  end=$(awk -v a="$t" -v b="$dur" 'BEGIN { printf "%.3f", a + b }')
  printf '%d\n%s --> %s\n%s: %s\n\n' "$((i + 1))" "$(srt_time "$t")" "$(srt_time "$end")" "$speaker" "${lines[$i]}" >>"$work/$base.srt"
  parts+=("$wav")
  if [ "$i" -lt $((${#lines[@]} - 1)) ]; then
    parts+=("$work/gap.wav")
    t=$(awk -v a="$end" -v g="$gap" 'BEGIN { printf "%.3f", a + g }')
  fi
done
parts+=("$work/tail.wav")
sox "${parts[@]}" "$work/speech.wav"
total=$(soxi -D "$work/speech.wav")

font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
filter=null
if [ -f "$font" ]; then
  printf 'A001  Jean Morvan, port de Port-Lénan' >"$work/slate1.txt"
  printf 'Le Marais salant / The Salt Marsh (fictional demo)' >"$work/slate2.txt"
  filter="drawtext=fontfile=$font:textfile=$work/slate1.txt:fontcolor=white:fontsize=24:x=(w-tw)/2:y=120"
  filter+=",drawtext=fontfile=$font:textfile=$work/slate2.txt:fontcolor=0xBBBBBB:fontsize=16:x=(w-tw)/2:y=160"
  filter+=",drawtext=fontfile=$font:timecode='01\:00\:00\:00':rate=25:fontcolor=white:fontsize=22:box=1:boxcolor=black@0.6:x=(w-tw)/2:y=280"
fi

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "color=c=0x1e2a30:s=640x360:r=25:d=$total" \
  -i "$work/speech.wav" \
  -map 0:v -map 1:a -vf "$filter" -c:v libx264 -preset veryslow -tune stillimage -crf 40 -pix_fmt yuv420p -g 250 \
  -c:a aac -b:a 48k -ar 22050 -ac 1 \
  -timecode 01:00:00:00 -metadata title="Rush A001 - Jean Morvan, harbour of Port-Lénan (demo)" \
  -shortest -movflags +faststart "$work/$base.mp4"

mkdir -p "$out_dir"
mv "$work/$base.mp4" "$out_dir/$base.mp4"
mv "$work/$base.srt" "$out_dir/$base.srt"
printf 'build-demo-rush: %s/%s.mp4 (%s s, %s bytes) and %s.srt (%d cues)\n' \
  "$out_dir" "$base" "$total" "$(stat -c %s "$out_dir/$base.mp4")" "$base" "${#lines[@]}"

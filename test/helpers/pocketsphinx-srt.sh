#!/bin/sh
# Transcribes a 16 kHz mono WAV with Debian's pocketsphinx (en-us model) and writes SubRip: one cue per
# utterance, timed from its first to its last word. Used as DARKROOM_TRANSCRIBE_CMD in tests and the bench:
#   sh test/helpers/pocketsphinx-srt.sh {input} {output}
set -eu
in="$1"
out="$2"
model="${POCKETSPHINX_MODEL:-/usr/share/pocketsphinx/model/en-us}"
pocketsphinx_continuous -infile "$in" -time yes -logfn /dev/null \
  -hmm "$model/en-us" -lm "$model/en-us.lm.bin" -dict "$model/cmudict-en-us.dict" |
awk '
  function ts(s,   h, m, ms) { ms = int(s * 1000 + 0.5); h = int(ms / 3600000); ms -= h * 3600000; m = int(ms / 60000); ms -= m * 60000;
    return sprintf("%02d:%02d:%02d,%03d", h, m, int(ms / 1000), ms % 1000) }
  NF == 4 && $2 ~ /^[0-9.]+$/ && $3 ~ /^[0-9.]+$/ {
    w = $1
    if (w == "<s>") { text = ""; start = -1; next }
    if (w == "</s>") {
      if (text != "") { n++; printf "%d\n%s --> %s\n%s\n\n", n, ts(start), ts(end), text }
      text = ""; next
    }
    if (w ~ /^[<[]/) next
    sub(/\([0-9]+\)$/, "", w)
    if (start < 0) start = $2
    end = $3
    text = (text == "" ? w : text " " w)
  }' > "$out"

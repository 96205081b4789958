#!/bin/sh
# Transcribes a 16 kHz mono WAV with Debian's pocketsphinx (en-us model) and writes JSON in faster-whisper's
# shape (segments with start, end, text and timed words; see test/fixtures/transcribers/faster-whisper.json):
# one segment per utterance, every word with its own start and end. Used as DARKROOM_TRANSCRIBE_CMD in tests:
#   sh test/helpers/pocketsphinx-json.sh {input} {outbase}.json
set -eu
in="$1"
out="$2"
model="${POCKETSPHINX_MODEL:-/usr/share/pocketsphinx/model/en-us}"
pocketsphinx_continuous -infile "$in" -time yes -logfn /dev/null \
  -hmm "$model/en-us" -lm "$model/en-us.lm.bin" -dict "$model/cmudict-en-us.dict" |
awk '
  function flush() {
    if (text != "") { printf "%s{\"start\": %s, \"end\": %s, \"text\": \"%s\", \"words\": [%s]}", (n++ ? ",\n" : ""), start, end, text, words }
    text = ""; words = ""; start = -1
  }
  BEGIN { printf "{\"segments\": [\n"; start = -1 }
  NF == 4 && $2 ~ /^[0-9.]+$/ && $3 ~ /^[0-9.]+$/ {
    w = $1
    if (w == "<s>") { text = ""; words = ""; start = -1; next }
    if (w == "</s>") { flush(); next }
    if (w ~ /^[<[]/) next
    sub(/\([0-9]+\)$/, "", w)
    if (start < 0) start = $2
    end = $3
    text = (text == "" ? w : text " " w)
    words = words (words == "" ? "" : ", ") sprintf("{\"word\": \" %s\", \"start\": %s, \"end\": %s}", w, $2, $3)
  }
  END { printf "\n]}\n" }' > "$out"

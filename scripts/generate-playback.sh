#!/usr/bin/env bash
# Prints EVENTS playback heartbeats in the Netflix sample's shape, one JSON object a line, the same on every
# run: 1000 accounts × 4 profiles, 500 titles, one event every 50 ms of event time from 2026-03-01T19:00Z.
#   scripts/generate-playback.sh 100000 > playback.jsonl
set -euo pipefail
events="${1:-100000}"
awk -v n="$events" 'BEGIN {
  srand(42);
  for (i = 0; i < n; i++) {
    a = int(rand() * 1000); p = int(rand() * 4); t = int(rand() * 500);
    ms = 1772391600000 + i * 50;
    s = int(ms / 1000); frac = ms % 1000;
    h = int((s % 86400) / 3600); m = int((s % 3600) / 60); sec = s % 60;
    printf "{\"eventId\":\"b-%d\",\"ts\":\"2026-03-01T%02d:%02d:%02d.%03dZ\",\"accountId\":\"a%d\",\"profileIdx\":%d,\"profileName\":\"p%d\",\"titleId\":\"tt:%d\",\"titleName\":\"Title %d\",\"position\":%d,\"device\":{\"id\":\"d-%d-%d\",\"model\":\"M\",\"kind\":\"tv\"}}\n", i, h, m, sec, frac, a, p, p, t, t, i % 3600, a, p
  }
}'

#!/usr/bin/env bash
# Installs the machine packages the test suite drives for real (headless Chromium, PostgreSQL 15,
# LibreOffice Writer and Calc, curl and jq for the API's examples).
# Under CI=true and as root it installs what is missing with apt-get; otherwise it only reports.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
# not grep -q: under pipefail its early exit kills fc-list with SIGPIPE and the test fails
fc-list 2>/dev/null | grep -i dejavu >/dev/null || need+=(fonts-dejavu-core)
# LibreOffice proves a generated Word letter opens (converted to PDF in a test)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# … and that an exported workbook shows people's text as typed, never as a computed formula
[ -e /usr/lib/libreoffice/program/libsclo.so ] || need+=(libreoffice-calc-nogui)
# the visible digital signature is drawn in Liberation Serif (Times New Roman's metrics)
[ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation2)
# pdftotext reads a letter as laid out on the page (the national title on one line)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# the API's examples in docs/api.md are run as written (api/tests/test_docs_examples.py)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v jq >/dev/null 2>&1 || need+=(jq)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "${CI:-}" = "true" ] && [ "$(id -u)" = "0" ]; then
  echo "Cài đặt gói hệ thống: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "Thiếu gói hệ thống: ${need[*]} — cài bằng: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi

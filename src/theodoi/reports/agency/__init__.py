"""The agency's consolidated report on task performance (Regulation 1142 Art. 8.3, 5.2.d;
DOMAIN §10): its figures from live data (`data`), its Word file (`word`), the issued versions
(`services`, `models/agency.py`) and the Office's pages (`views`)."""

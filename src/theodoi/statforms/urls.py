"""The statistical forms' pages under /bieu-mau/: a unit's form (entry), its Excel template
(urls_workbook), the national roll-up and a submitted version (urls_rollup)."""

from django.urls import URLPattern

from theodoi.statforms.urls_workbook import urlpatterns as workbook_urls

app_name = "statforms"

# Each part of the forms adds its own patterns here.
urlpatterns: list[URLPattern] = []
urlpatterns += workbook_urls

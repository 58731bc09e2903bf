"""The statistical forms' pages under /bieu-mau/: a unit's form (entry), its Excel template
(urls_workbook), the national roll-up and a submitted version (urls_rollup)."""

from django.urls import URLPattern, path

from theodoi.statforms import urls_rollup, views, views_review
from theodoi.statforms.urls_workbook import urlpatterns as workbook_urls

app_name = "statforms"

# Each part of the forms adds its own patterns here.
urlpatterns: list[URLPattern] = [
    path("<int:pk>/", views.entry_view, name="entry"),
    path("<int:pk>/kiem-tra/", views.check_view, name="check"),
    path("<int:pk>/tiep-nhan/", views_review.review_view, {"decision": "accept"}, name="accept"),
    path("<int:pk>/tra-lai/", views_review.review_view, {"decision": "return"}, name="return"),
    path("<int:pk>/mo-lai/", views_review.review_view, {"decision": "reopen"}, name="reopen"),
]
urlpatterns += workbook_urls
urlpatterns += urls_rollup.urlpatterns

"""The national roll-up and a submitted version's page (`views_rollup`), included by
`statforms/urls.py`."""

from django.urls import path

from theodoi.statforms import views_rollup

urlpatterns = [
    path("tong-hop/", views_rollup.rollups_view, name="rollups"),
    path("tong-hop/<slug:form>/<str:period>/", views_rollup.rollup_view, name="rollup"),
    path(
        "tong-hop/<slug:form>/<str:period>/tong-hop.xlsx",
        views_rollup.rollup_xlsx_view,
        name="rollup_xlsx",
    ),
    path(
        "tong-hop/<slug:form>/<str:period>/bao-cao.docx",
        views_rollup.rollup_word_view,
        name="rollup_word",
    ),
    path("lan-nop/<int:submission_id>/", views_rollup.version_view, name="version"),
]

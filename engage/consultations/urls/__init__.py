"""Consultations: each part's URLs live in its own module.

Staff pages are under /consultations/; the public pages, which need no sign-in, are under
/have-your-say/<office slug>/.
"""

from engage.consultations.urls import builder, entry, imports, public, results

app_name = "consultations"
urlpatterns = [
    *builder.urlpatterns,
    *entry.urlpatterns,
    *imports.urlpatterns,
    *results.urlpatterns,
    *public.urlpatterns,
]

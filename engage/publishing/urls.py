"""News and documents for comment: staff pages under /news/ and /documents/; public pages under
/<office slug>/news/ and /<office slug>/documents/."""

from django.urls import URLPattern, path

from engage.publishing.views import documents, news, public

app_name = "publishing"
urlpatterns: list[URLPattern] = [
    # Staff. ("news" and "documents" can never be an office's slug: core.models.RESERVED_SLUGS.)
    path("news/", news.news_list, name="news_list"),
    path("news/new/", news.news_create, name="news_create"),
    path("news/<int:pk>/", news.news_detail, name="news_detail"),
    path("news/<int:pk>/edit/", news.news_edit, name="news_edit"),
    path("news/<int:pk>/preview/", news.news_preview, name="news_preview"),
    path("news/<int:pk>/publish/", news.news_publish, name="news_publish"),
    path("news/<int:pk>/unpublish/", news.news_unpublish, name="news_unpublish"),
    path("documents/", documents.document_list, name="document_list"),
    path("documents/new/", documents.document_create, name="document_create"),
    path("documents/comments/", documents.comment_list, name="comments"),
    path(
        "documents/comments/<int:pk>/approve/",
        documents.comment_approve,
        name="comment_approve",
    ),
    path("documents/comments/<int:pk>/reject/", documents.comment_reject, name="comment_reject"),
    path("documents/<int:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", documents.document_edit, name="document_edit"),
    path("documents/<int:pk>/preview/", documents.document_preview, name="document_preview"),
    path("documents/<int:pk>/publish/", documents.document_publish, name="document_publish"),
    path("documents/<int:pk>/close/", documents.document_close, name="document_close"),
    path("documents/<int:pk>/unpublish/", documents.document_unpublish, name="document_unpublish"),
    # Public.
    path("<slug:office>/news/", public.news, name="news"),
    path("<slug:office>/news/<slug:slug>/", public.news_item, name="news_item"),
    path("<slug:office>/documents/", public.documents, name="documents"),
    path("<slug:office>/documents/<slug:slug>/", public.document, name="document"),
    path(
        "<slug:office>/documents/<slug:slug>/thanks/",
        public.comment_thanks,
        name="comment_thanks",
    ),
    path(
        "<slug:office>/documents/<slug:slug>/file/",
        public.document_file,
        name="document_file",
    ),
]

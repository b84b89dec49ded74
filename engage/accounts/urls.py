from allauth.account import views as allauth_views
from django.urls import path

from engage.accounts import views

app_name = "accounts"
urlpatterns = [
    # Signing in and out are allauth's views (with the two-factor step), under Engage's names.
    path("login/", allauth_views.LoginView.as_view(), name="login"),
    path("logout/", allauth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    # An account's email address is its sign-in name, changed by the office's administrator:
    # allauth's page for managing several addresses is not offered.
    path("email/", views.to_account),
]

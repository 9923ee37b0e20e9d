from django.urls import path

from ngoaivu.accounts import views
from ngoaivu.accounts.views import links, mfa, security, users

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.profile, name="profile"),
    path("password/", views.password_change, name="password_change"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("audit/", views.audit_log, name="audit_log"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/open/<str:token>/", views.notification_open, name="notification_open"),
    *users.urlpatterns,
    *links.urlpatterns,
    *mfa.urlpatterns,
    *security.urlpatterns,
]

"""A throwaway API with only the merge router, for its tests (the real one is mounted in funil/api/urls.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from ninja import NinjaAPI
from ninja.security import django_auth

from funil.api.merge import router
from funil.core.errors import DomainError

api = NinjaAPI(title="Merge API under test", urls_namespace="merge_test_api", auth=django_auth)
api.add_router("", router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


urlpatterns = [path("api/v1/", api.urls)]

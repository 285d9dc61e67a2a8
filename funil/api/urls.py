"""The REST API root. Resource routers mount here; auth and error mapping live in one place each."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from funil.core.errors import DomainError

from .health import router as health_router

api = NinjaAPI(title="Funil API", version="1", urls_namespace="api", auth=django_auth)
api.add_router("/health", health_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)

"""The site's routes plus tiny views that exist only to test the error format and pagination."""

from __future__ import annotations

from django.urls import path
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Membership
from api.models import ApiToken
from api.pagination import Cursor
from api.tokens.services import tokens_of
from config.urls import urlpatterns as site_urlpatterns


class _Input(serializers.Serializer):
    name = serializers.CharField(max_length=5)
    count = serializers.IntegerField(min_value=1)


class _EchoView(APIView):
    def post(self, request):
        data = _Input(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(data.validated_data)


class _TokenOut(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["name", "token_key"]


class _NewestFirst(Cursor):
    ordering = "-created"


class _TokenListView(generics.ListAPIView):
    """A list ordered by a date: a cursor's position must be a date."""

    serializer_class = _TokenOut
    pagination_class = _NewestFirst
    filter_backends = ()

    def get_queryset(self):
        return tokens_of(self.request.user)


class _TokenDetailView(generics.RetrieveAPIView):
    serializer_class = _TokenOut
    lookup_field = "token_key"

    def get_queryset(self):
        return tokens_of(self.request.user)


class _MembershipOut(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["id", "role"]


class _MembershipListView(generics.ListAPIView):
    """A list ordered by an integer id: a cursor's position must be an integer."""

    serializer_class = _MembershipOut
    filter_backends = ()

    def get_queryset(self):
        return Membership.objects.filter(user=self.request.user)


urlpatterns = [
    *site_urlpatterns,  # the error pages link to the site's pages
    path("test/echo/", _EchoView.as_view()),
    path("test/tokens/", _TokenListView.as_view()),
    path("test/memberships/", _MembershipListView.as_view()),
    path("test/tokens/<str:token_key>/", _TokenDetailView.as_view()),
]

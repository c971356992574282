from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.shortcuts import render
from django.urls import path


@login_required
def rows(request):
    return render(request, "rows.html", {"rows": User.objects.order_by("pk")[:20]})


urlpatterns = [path("", rows)]

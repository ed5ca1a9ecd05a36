from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hubspoke.audit import actions as audit
from hubspoke.lib.forms import add_errors
from hubspoke.network import access, actions, queries, scoping
from hubspoke.network.forms import EndMembershipForm, ServicePolicyForm


@require_GET
def service_list(request):
    services = queries.services_for_list(request.user)
    return render(request, "network/service_list.html", {"services": services})


@require_GET
def service_detail(request, ref):
    service = access.get_service_for(request, ref)
    audit.record_view(actor=request.user, subject=service, request=request)
    return render(
        request,
        "network/service_detail.html",
        {
            "service": service,
            "spokes": queries.spokes_of(service),
            # A spoke worker opens their own spoke's page, not their colleagues' elsewhere.
            "linkable_spoke_ids": set(
                scoping.spokes_visible_to(request.user).filter(service=service).values_list("pk", flat=True)
            ),
            "team": queries.team_of_service(service),
            "posts": queries.posts_of(service),
            "can_manage": scoping.can_manage_service(request.user, service.pk),
        },
    )


@require_GET
def spoke_detail(request, ref):
    spoke = access.get_spoke_for(request, ref)
    audit.record_view(actor=request.user, subject=spoke, request=request)
    return render(
        request,
        "network/spoke_detail.html",
        {
            "spoke": spoke,
            "team": queries.team_of_spoke(spoke),
            "can_manage": scoping.can_manage_service(request.user, spoke.service_id),
        },
    )


@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def end_membership(request, ref):
    """Ending someone's role is sensitive: it needs a recent re-authentication to submit."""
    membership = access.get_membership_for(request, ref, to="manage")
    service = membership.service or membership.spoke.service
    form = EndMembershipForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            ended = actions.end_membership(
                actor=request.user,
                membership=membership,
                request=request,
                ends_on=form.last_day,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)  # a field's error lands on that field
        else:
            role = f"{membership.person}'s role as {membership.get_role_display().lower()}"
            if ended.access_ended_at:
                messages.success(request, f"{role} has ended. They no longer have access.")
            else:
                messages.success(request, f"{role} ends when {ended.ends_on:%-d %B %Y} is over.")
            return redirect("network:service_detail", ref=service.uuid)
    return render(
        request,
        "network/end_membership.html",
        {
            "membership": membership,
            "service": service,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def service_settings(request, ref):
    """A service's managers set its referral policy. Access is decided first, so that nobody
    who may not change the policy is asked to re-enter their password for nothing."""
    service = access.get_service_for(request, ref, to="manage")
    return _service_settings(request, service)


@reauthentication_required(allow_get=True)
def _service_settings(request, service):
    """Changing the policy is sensitive: it needs a recent re-authentication to submit."""
    form = ServicePolicyForm(request.POST if request.method == "POST" else None, service=service)
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.update_service_policy(
                actor=request.user, service=service, changes=form.changes(), request=request
            )
        except ValidationError as error:
            add_errors(form, error)  # a field's error lands on that field
        else:
            if changed:
                messages.success(request, f"{service.name}'s referral policy has been updated.")
            else:
                messages.info(request, "Nothing changed: the referral policy is as it was.")
            return redirect("network:service_detail", ref=service.uuid)
    return render(
        request,
        "network/service_settings.html",
        {"service": service, "form": form, "age_limits": actions.AGE_LIMITS},
        status=400 if form.errors else 200,
    )

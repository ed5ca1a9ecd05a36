from allauth.mfa.models import Authenticator
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def security(request):
    """Your account: your second factor and your password."""
    authenticators = {a.type: a for a in Authenticator.objects.filter(user=request.user)}
    return render(
        request,
        "accounts/security.html",
        {
            "totp": authenticators.get(Authenticator.Type.TOTP),
            "recovery_codes": authenticators.get(Authenticator.Type.RECOVERY_CODES),
        },
    )

"""Signals the referrals app sends, inside the transaction of the change, for apps above it.

``referral_accepted(referral, actor, request)``: a referral was accepted and linked to a young
person's record; the sharing app makes the referral's consent the young person's consent record."""

from django.dispatch import Signal

referral_accepted = Signal()

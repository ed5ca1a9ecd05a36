"""The administration site for the network: every addition, change and deletion is audited in
the same transaction as the change (the admin wraps each save in one)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction

from hubspoke.accounts.invitations import send_invitation
from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.network import actions, models


class AdministratorPermissions:
    """What an administrator may do follows from their role (a current administrator
    membership, checked by the site), not from per-model Django permissions."""

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request, *args):
        return self.admin_site.has_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)


class AuditedModelAdmin(AdministratorPermissions, admin.ModelAdmin):
    def _audit(self, request, obj, verb, detail=None):
        if hasattr(obj, "uuid"):
            audit.record(
                action=f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}",
                actor=request.user,
                subject=obj,
                request=request,
                detail=detail,
            )
        else:
            audit.record(
                action=f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}",
                actor=request.user,
                subject_kind=f"{obj._meta.app_label}.{obj._meta.model_name}",
                subject_ref=str(obj.pk),
                request=request,
                detail=detail,
            )

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "created")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        # Django's change message is a list of {"changed": {"fields": [...]}} for the object
        # itself and {"added"|"changed"|"deleted": {"name": ..., "object": ...}} for inlines.
        entries = message if isinstance(message, list) else []
        fields, related = set(), []
        for entry in entries:
            for verb, about in entry.items():
                if "name" in about:
                    # The related object's name only, never its text: later models hold records.
                    related.append(f"{verb} {about['name']}"[:100])
                else:
                    fields.update(about.get("fields", []))
        self._audit(request, obj, "changed", {"fields": sorted(fields), "related": related})
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "deleted")
        return super().log_deletions(request, queryset)


class FunderInline(AdministratorPermissions, admin.TabularInline):
    model = models.Funder
    extra = 0


class PhaseInline(AdministratorPermissions, admin.TabularInline):
    model = models.Phase
    extra = 0


@admin.register(models.Programme)
class ProgrammeAdmin(AuditedModelAdmin):
    list_display = ("name", "year_start_month")
    inlines = [PhaseInline, FunderInline]


@admin.register(models.HubSpokeModel)
class HubSpokeModelAdmin(AuditedModelAdmin):
    list_display = ("number", "name", "programme")
    search_fields = ("name",)


@admin.register(models.LocalAuthority)
class LocalAuthorityAdmin(AuditedModelAdmin):
    list_display = ("name", "ons_code", "region")
    list_filter = ("region",)
    search_fields = ("name", "ons_code")


@admin.register(models.Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ("name", "agency_type", "local_authority")
    list_filter = ("agency_type",)
    search_fields = ("name",)
    list_select_related = ("local_authority",)
    autocomplete_fields = ("local_authority",)


class SpokeInline(AdministratorPermissions, admin.TabularInline):
    model = models.Spoke
    extra = 0
    fields = ("name", "host_agency", "local_authority", "model", "starts_on", "ends_on")
    autocomplete_fields = ("host_agency", "local_authority", "model")


@admin.register(models.Service)
class ServiceAdmin(AuditedModelAdmin):
    list_display = ("name", "organisation", "region", "phase", "waiting_list_policy", "is_active")
    list_filter = ("phase", "region", "waiting_list_policy", "is_active")
    search_fields = ("name", "organisation")
    list_select_related = ("phase",)
    inlines = [SpokeInline]


@admin.register(models.Spoke)
class SpokeAdmin(AuditedModelAdmin):
    list_display = ("name", "service", "local_authority", "host_agency", "model", "starts_on", "ends_on")
    list_filter = ("model", "service")
    search_fields = ("name", "service__name", "local_authority__name")
    list_select_related = ("service", "local_authority", "host_agency", "model")
    autocomplete_fields = ("host_agency", "local_authority", "service", "model")


class MembershipForm(forms.ModelForm):
    class Meta:
        model = models.Membership
        fields = (
            "person", "role", "programme", "service", "spoke", "agency", "caseload_capacity", "starts_on", "ends_on",
        )

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person") or getattr(self.instance, "person", None)
        if person is not None and person.pk == self.acting_user.pk:
            raise forms.ValidationError("Another administrator must add or change your own roles.")
        return cleaned


@admin.register(models.Membership)
class MembershipAdmin(AuditedModelAdmin):
    form = MembershipForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.acting_user = request.user
        return form

    list_display = ("person", "role", "place", "starts_on", "ends_on", "caseload_capacity")
    list_filter = ("role",)
    search_fields = ("person__full_name", "person__email")
    list_select_related = ("person", "programme", "service", "spoke", "agency")
    autocomplete_fields = ("person", "service", "spoke", "agency")


class PostForm(forms.ModelForm):
    class Meta:
        model = models.Post
        fields = ("service", "title", "location", "spoke", "fte", "funder", "holder", "starts_on", "ends_on")

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            # Beside the field; the database's constraint says the same without a field.
            self.add_error("ends_on", "The date the post ends must be the same as or after the date it starts")
        return cleaned


class PostVacancyForm(forms.ModelForm):
    class Meta:
        model = models.PostVacancy
        fields = ("starts_on", "ends_on")

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The date the vacancy ends must be the same as or after the date it starts")
        return cleaned


class PostVacancyFormSet(forms.BaseInlineFormSet):
    """A post's vacancies lie within its dates and do not overlap (``actions.post_vacancy_errors``),
    each error beside the vacancy's field at fault."""

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.is_valid() and f.cleaned_data.get("starts_on")
                and not f.cleaned_data.get("DELETE")]
        errors = actions.post_vacancy_errors(
            starts_on=self.instance.starts_on, ends_on=self.instance.ends_on,
            vacancies=[(f.cleaned_data["starts_on"], f.cleaned_data.get("ends_on")) for f in kept],
        )
        for form, error in zip(kept, errors, strict=True):
            for field, message in error.items():
                form.add_error(field, message)


class PostVacancyInline(AdministratorPermissions, admin.TabularInline):
    model = models.PostVacancy
    form = PostVacancyForm
    formset = PostVacancyFormSet
    extra = 0
    fields = ("starts_on", "ends_on")


@admin.register(models.Post)
class PostAdmin(AuditedModelAdmin):
    form = PostForm
    list_display = ("title", "service", "location", "spoke", "fte", "funder", "holder", "starts_on", "ends_on")
    list_filter = ("location", "funder")
    search_fields = ("title", "service__name")
    list_select_related = ("service", "spoke", "funder", "holder")
    autocomplete_fields = ("service", "spoke", "holder")
    inlines = [PostVacancyInline]


class InvitePersonForm(forms.ModelForm):
    """Adding a person sends them an invitation; nobody sets a password for someone else."""

    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    """People. What they may see comes from memberships, not Django groups; a new person
    chooses their password through an emailed link and must then add a second factor."""

    add_form = InvitePersonForm
    ordering = ("full_name",)
    list_display = ("full_name", "email", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff")
    search_fields = ("full_name", "email")
    readonly_fields = ("email", "last_login", "date_joined", "is_demo")
    actions = ["send_new_invitation"]
    fieldsets = (
        # No password here: people choose their own through an invitation or reset link. The
        # sign-in address is fixed once invited, so that an invitation sent to a changed
        # address cannot take over someone's account.
        (None, {"fields": ("email", "full_name")}),
        # What a person sees comes from their memberships; "staff" only opens this site, and only
        # while they also hold a current administrator role.
        ("Access", {"fields": ("is_active", "is_staff")}),
        ("History", {"fields": ("last_login", "date_joined", "is_demo")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name")}),)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied("Nobody sets a password for someone else: send an invitation instead.")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            send_invitation(user=obj, request=request)  # in the page's transaction, sent after it

    @admin.action(description="Send a new invitation (link to choose a password)")
    def send_new_invitation(self, request, queryset):
        with transaction.atomic():
            for user in queryset:
                self._audit(request, user, "invited")
                send_invitation(user=user, request=request)
        messages.success(request, f"Invitations sent to {queryset.count()} people.")

from functools import cache

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.utils.translation import gettext_lazy as _

from common.hot import placeholders
from common.models import BackgroundJob


class Role(models.TextChoices):
    """The roles; each is a Django group created by a data migration."""

    LEARNER = "learner", _("Deltagare")
    TRAINER = "trainer", _("Utbildare")
    MANAGER = "manager", _("Chef")
    ADMINISTRATOR = "administrator", _("Administratör")
    # Leads a workplace group through a course (the groups app).
    FACILITATOR = "facilitator", _("Samtalsledare")


class OrgUnitQuerySet(models.QuerySet):
    def subtree_of(self, units) -> "OrgUnitQuerySet":
        """The given units and every unit below them, at any depth."""
        condition = models.Q(pk__in=[])
        for unit in units:
            condition |= models.Q(path__startswith=unit.path)
        return self.filter(condition)


class OrgUnit(models.Model):
    """A node in the organisation tree (city → administration → district → unit)."""

    code = models.CharField(_("kod"), max_length=50, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnad enhet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Materialised path ("/1/4/9/") so a whole subtree is one indexed
    # prefix query, however deep the tree.
    path = models.CharField(max_length=500, editable=False, db_index=True, default="")

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisationsenhet")
        verbose_name_plural = _("organisationsenheter")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2 if self.path else 0


def professional_group_key(name: str) -> str:
    """The matching key of a professional group: letter case and spacing never count."""
    return " ".join(name.split()).casefold()


class ProfessionalGroup(models.Model):
    """A professional group (yrkesgrupp) in the organisation, as the HR system names it.

    People carry the group's name as text (`User.professional_group`); requirements
    choose a group from this list. Matching always compares `key`, never the
    spelling, so "Socialsekreterare" and "socialsekreterare " are one group.
    """

    name = models.CharField(_("namn"), max_length=100)
    # The spelling-free key (see professional_group_key), unique so one group has one row.
    key = models.CharField(_("nyckel"), max_length=100, unique=True, editable=False)

    class Meta:
        verbose_name = _("yrkesgrupp")
        verbose_name_plural = _("yrkesgrupper")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = " ".join(self.name.split())
        self.key = professional_group_key(self.name)
        if ProfessionalGroup.objects.exclude(pk=self.pk).filter(key=self.key).exists():
            raise ValidationError(
                {"name": _("Yrkesgruppen finns redan (stora och små bokstäver räknas inte).")}
            )


class User(AbstractUser):
    """A person who signs in: learner, trainer, manager or administrator."""

    employee_id = models.CharField(
        _("anställningsnummer"), max_length=50, unique=True, null=True, blank=True
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("enhet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    professional_group = models.CharField(_("yrkesgrupp"), max_length=100, blank=True)
    managed_units = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("ansvar för enheter"),
        blank=True,
        related_name="managers",
        help_text=_("En chef ser dessa enheter och alla enheter under dem."),
    )

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, role: Role) -> bool:
        if self.is_superuser and role == Role.ADMINISTRATOR:
            return True
        # Group names are cached on the instance: layouts ask several times a page.
        # The signed-in user arrives with them already (user_with_roles_get).
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return role.value in self._role_names

    @property
    def unit_path(self) -> str:
        """The path of the person's unit ("" without one); comes along with the signed-in user."""
        if self.unit_id is None:
            return ""
        loaded = self.__dict__.get("unit_path_loaded")
        return loaded if loaded is not None else self.unit.path

    @property
    def is_manager(self) -> bool:
        return self.has_role(Role.MANAGER)

    @property
    def is_administrator(self) -> bool:
        return self.has_role(Role.ADMINISTRATOR)


# The signed-in user's own query, written out once per database: Django would
# build and compile the same query (a subquery for the roles, one for the unit's
# path) anew on every request, which cost more than the query itself.
_JOINED_NAMES = {"postgresql": "STRING_AGG({}, ',')", "sqlite": "GROUP_CONCAT({}, ',')"}


@cache
def _user_with_roles_sql(vendor: str) -> str:
    through = User.groups.through._meta
    group = User.groups.field.related_model._meta
    user_column = through.get_field("user").column
    group_column = through.get_field("group").column
    joined = _JOINED_NAMES[vendor].format("g.name")
    # Only table and column names from the models go into the text; values are parameters.
    return (
        f"SELECT u.*,"  # noqa: S608
        f" (SELECT {joined} FROM {through.db_table} ug"
        f" JOIN {group.db_table} g ON g.id = ug.{group_column}"
        f" WHERE ug.{user_column} = u.id AND g.name IN ({placeholders(Role.values)}))"
        f" AS role_names_joined,"
        f" (SELECT o.path FROM {OrgUnit._meta.db_table} o WHERE o.id = u.unit_id)"
        f" AS unit_path_loaded"
        f" FROM {User._meta.db_table} u WHERE u.id = %s"
    )


def user_with_roles_get(user_id) -> User | None:
    """The user with this id, which roles they hold and their unit's path, in one query.

    For loading the signed-in person on every request: every page's layout
    asks for their roles, and the start page for their unit. None if there
    is no such user (or the id is not a number).
    """
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    vendor = connections[User.objects.db].vendor
    params = [*Role.values, pk]
    found = list(User.objects.raw(_user_with_roles_sql(vendor), params))
    if not found:
        return None
    user = found[0]
    # Only role names are joined (none holds a comma), so the split is exact.
    user._role_names = set(filter(None, (user.role_names_joined or "").split(",")))
    return user


class UserImport(BackgroundJob):
    """An administrator's large HR import, run by the task worker (accounts/tasks.py).

    The file is kept only until the import has run; the result carries the
    same figures and "Rad N: …" messages the immediate import shows.
    """

    filename = models.CharField(_("fil"), max_length=255, blank=True)
    all_or_nothing = models.BooleanField(_("ingenting om någon rad har fel"), default=False)
    # The uploaded CSV, emptied once it has been imported (it holds personal data).
    data = models.BinaryField(_("innehåll"), default=b"", editable=False)
    created = models.PositiveIntegerField(_("skapade"), default=0)
    updated = models.PositiveIntegerField(_("uppdaterade"), default=0)
    unchanged = models.PositiveIntegerField(_("oförändrade"), default=0)
    imported = models.BooleanField(_("importerad"), default=False)
    errors = models.JSONField(_("rader med fel"), default=list, blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("import av personal")
        verbose_name_plural = _("importer av personal")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

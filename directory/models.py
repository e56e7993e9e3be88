from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.citizen_id import validate_citizen_id
from directory.scoping import scope_to_province
from directory.text import fold, normalize_name, normalize_text, vietnamese_sort_key


class UnitQuerySet(models.QuerySet):
    def current_provinces(self) -> "UnitQuerySet":
        return self.filter(**CURRENT_PROVINCES)

    def legacy_provinces(self) -> "UnitQuerySet":
        return self.filter(
            catalogue=AdministrativeUnit.Catalogue.LEGACY, kind__in=AdministrativeUnit.PROVINCE_KINDS
        )


class AdministrativeUnit(models.Model):
    """A province, commune, ward or special zone, in the catalogue it belongs to.

    Codes were reused with new meanings in 2025 (15 was Yên Bái, now Lào Cai), so a unit is identified by
    its catalogue and code together. Legacy units point to the current unit that took them over.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("centrally-governed city")
        DISTRICT = "district", _("district (abolished 2025)")
        COMMUNE = "commune", _("commune")
        WARD = "ward", _("ward")
        TOWNSHIP = "township", _("township (abolished 2025)")
        SPECIAL_ZONE = "special_zone", _("special zone")

    class Catalogue(models.TextChoices):
        LEGACY = "legacy", _("before 1 July 2025 (63 provinces)")
        CURRENT = "2025", _("Decision 19/2025/QĐ-TTg (34 provinces)")

    PROVINCE_KINDS = (Kind.PROVINCE, Kind.CITY)

    catalogue = models.CharField(_("catalogue"), max_length=8, choices=Catalogue.choices)
    code = models.CharField(_("code"), max_length=8)
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("For a legacy unit, the current unit that took it over."),
    )
    search_key = models.CharField(max_length=120, editable=False, db_index=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["catalogue", "code"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="unique_unit_code_per_catalogue"),
        ]
        indexes = [models.Index(fields=["catalogue", "kind"])]

    def __str__(self) -> str:
        if self.catalogue == self.Catalogue.LEGACY:
            return _("%(name)s (before 2025)") % {"name": self.name}
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name)
        self.short_name = normalize_text(self.short_name) or self.name
        self.search_key = fold(self.short_name)
        super().save(*args, **kwargs)

    @property
    def is_province(self) -> bool:
        return self.kind in self.PROVINCE_KINDS

    @property
    def current_province(self) -> "AdministrativeUnit | None":
        """The post-2025 province this unit's data counts for today."""
        unit = self
        if unit.catalogue == self.Catalogue.LEGACY:
            while unit.parent_id and not unit.is_province:
                unit = unit.parent
            return unit.successor
        while unit.parent_id and not unit.is_province:
            unit = unit.parent
        return unit if unit.is_province else None


# The 34 provinces and centrally-governed cities of Decision 19/2025/QĐ-TTg: what "province" means for
# scoping, and the choices of every province field.
CURRENT_PROVINCES = {
    "catalogue": AdministrativeUnit.Catalogue.CURRENT,
    "kind__in": AdministrativeUnit.PROVINCE_KINDS,
}


class EthnicGroup(models.Model):
    """One of Viet Nam's 54 ethnic groups.

    Two official lists number the groups differently (QĐ 121-TCTK/PPCĐ 1979 and QĐ 1019/QĐ-TCTK 2008),
    so a code is stored with the list it comes from; matching is by name and alias.
    """

    name = models.CharField(_("name"), max_length=60, unique=True)
    code = models.CharField(_("code"), max_length=4)
    code_list = models.CharField(_("code list"), max_length=40)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    search_keys = models.JSONField(default=list, editable=False)
    is_minority = models.BooleanField(_("ethnic minority"), default=True)

    class Meta:
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name)
        keys = {fold(self.name), *(fold(alias) for alias in self.aliases)}
        self.search_keys = sorted(
            keys | {key.replace(" ", "").replace("-", "").replace("'", "") for key in keys}
        )
        super().save(*args, **kwargs)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry or ministry-level agency")
        CENTRAL_OFFICE = "central_office", _("central office")
        PARTY_BODY = "party_body", _("Party body")
        NATIONAL_ASSEMBLY = "national_assembly", _("National Assembly body")
        PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
        PEOPLES_COUNCIL = "peoples_council", _("People's Council")
        DEPARTMENT = "department", _("provincial department")
        WOMENS_UNION = "womens_union", _("Women's Union")
        TRADE_UNION = "trade_union", _("trade union")
        TRAINING_CENTRE = "training_centre", _("training centre or school")
        DONOR = "donor", _("donor or international organisation")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.OTHER)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    search_key = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "unit"], name="unique_organisation_name_per_unit"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name)
        self.short_name = normalize_text(self.short_name)
        self.search_key = fold(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PersonQuerySet":
        return scope_to_province(self, user, "province")

    def search(self, text: str) -> "PersonQuerySet":
        """Every word must match the folded name, ID, phone or email: "nguyen hoa" finds Nguyễn Thị Hoà."""
        queryset = self
        for word in fold(text).split():
            queryset = queryset.filter(
                models.Q(search_key__contains=word)
                | models.Q(citizen_id__startswith=word)
                | models.Q(phone__contains=word)
                | models.Q(email__icontains=word)
            )
        return queryset


class Person(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")

    class LeadershipLevel(models.TextChoices):
        NONE = "none", _("no leadership post")
        UNIT = "unit", _("head or deputy of a unit (division, office, commune)")
        DEPARTMENT = "department", _("head or deputy of a department (Vụ, Sở, district)")
        PROVINCE = "province", _("provincial or ministerial leadership")
        NATIONAL = "national", _("national leadership")

    family_name = models.CharField(_("family name"), max_length=40)
    middle_name = models.CharField(_("middle name"), max_length=60, blank=True)
    given_name = models.CharField(_("given name"), max_length=40)
    full_name = models.CharField(_("full name"), max_length=150, editable=False)
    # Indexed in Meta.indexes: a plain btree each (search_key for matching by name, sort_key for the
    # list order), without the LIKE 'prefix%' index `db_index` adds to a CharField on PostgreSQL, which
    # no query of people uses (name search is LIKE '%word%') and every insert paid for.
    search_key = models.CharField(max_length=150, editable=False)
    sort_key = models.CharField(max_length=300, editable=False)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True, help_text=_("When only the year is known.")
    )
    ethnic_group = models.ForeignKey(
        EthnicGroup,
        verbose_name=_("ethnic group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    citizen_id = models.CharField(
        _("citizen ID number"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        help_text=_("12 digits (citizen ID card) or 9 digits (old identity card)."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    workplace = models.CharField(
        _("workplace"),
        max_length=255,
        blank=True,
        help_text=_("As written by the person, when the organisation is not in the directory."),
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    leadership_level = models.CharField(
        _("leadership level"), max_length=16, choices=LeadershipLevel.choices, default=LeadershipLevel.NONE
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        limit_choices_to=CURRENT_PROVINCES,
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # Official lists sort by given name, then middle name, then family name.
        ordering = ["sort_key", "id"]
        # No index on the e-mail address: normalise() stores it in lower case, and nothing looks people
        # up by it (the index on Lower("email") made for that was read by no query).
        indexes = [
            models.Index(fields=["search_key"], name="person_search_key"),
            models.Index(fields=["sort_key", "id"], name="person_sort_key"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:person_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if not normalize_text(self.given_name):
            errors.setdefault("given_name", []).append(_("Enter the given name."))
        if self.birth_date and self.birth_year and self.birth_date.year != self.birth_year:
            errors.setdefault("birth_year", []).append(
                _("The year of birth does not match the date of birth.")
            )
        if self.citizen_id:
            try:
                validate_citizen_id(
                    self.citizen_id, gender=self.gender or None, birth_year=self.year_of_birth
                )
            except ValidationError as error:
                errors.setdefault("citizen_id", []).extend(error.messages)
        if errors:
            raise ValidationError(errors)

    def normalise(self) -> None:
        """Derive the stored name forms; also used by bulk writers, which bypass save()."""
        self.family_name = normalize_name(self.family_name)
        self.middle_name = normalize_name(self.middle_name)
        self.given_name = normalize_name(self.given_name)
        self.full_name = " ".join(
            part for part in (self.family_name, self.middle_name, self.given_name) if part
        )
        self.search_key = fold(self.full_name)
        self.sort_key = " | ".join(
            vietnamese_sort_key(part) for part in (self.given_name, self.middle_name, self.family_name)
        )
        self.citizen_id = self.citizen_id or None
        self.email = (self.email or "").strip().lower()
        if self.birth_date:
            self.birth_year = self.birth_date.year

    @property
    def year_of_birth(self) -> int | None:
        return self.birth_date.year if self.birth_date else self.birth_year

    @staticmethod
    def split_full_name(full_name: str) -> tuple[str, str, str]:
        """ "Nguyễn Thị Minh Hoà" → ("Nguyễn", "Thị Minh", "Hoà"): family first, given name last."""
        parts = normalize_name(full_name).split(" ") if normalize_text(full_name) else []
        if not parts:
            return "", "", ""
        if len(parts) == 1:
            return "", "", parts[0]
        return parts[0], " ".join(parts[1:-1]), parts[-1]

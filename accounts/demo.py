"""Demo users, one per role, for trying the app (make run). Never run against production data."""

from dataclasses import dataclass

from accounts.models import User
from directory.models import AdministrativeUnit


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    first_name: str
    last_name: str
    province_code: str | None = None


DEMO_USERS = [
    DemoUser("quantri", "womenlead-admin", User.Role.ADMIN, "Thu", "Trần Thị"),
    DemoUser("bo.noivu", "womenlead-ministry", User.Role.MINISTRY, "Hạnh", "Lê Thị"),
    DemoUser("hatinh", "womenlead-hatinh", User.Role.OFFICER, "Lan", "Nguyễn Thị", "42"),
    DemoUser("nghean", "womenlead-nghean", User.Role.OFFICER, "Mai", "Phan Thị", "40"),
]


def create_demo_users() -> list[DemoUser]:
    """Create or reset the demo users; returns them so that the caller can print their passwords."""
    for demo in DEMO_USERS:
        province = None
        if demo.province_code:
            province = AdministrativeUnit.objects.current_provinces().get(code=demo.province_code)
        user, _created = User.objects.update_or_create(
            username=demo.username,
            defaults={
                "role": demo.role,
                "province": province,
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "is_active": True,
            },
        )
        user.set_password(demo.password)
        user.save()
    return DEMO_USERS

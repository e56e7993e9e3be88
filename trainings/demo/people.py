"""Invented people for the demo: Vietnamese names and citizen ID numbers that pass the directory's checks.

Family names follow their rough frequency in Viet Nam (Nguyễn about four in ten). Every number is drawn from
the `random.Random` handed in, so the same seed gives the same people, and so the same ID numbers, which is
what lets a second run of the demo find them instead of adding new ones.
"""

import datetime
import random
from dataclasses import dataclass

from directory.citizen_id import century_sex_digit
from directory.models import AdministrativeUnit, Organisation, Person

FAMILY_NAMES = {
    "Nguyễn": 38,
    "Trần": 11,
    "Lê": 9,
    "Phạm": 7,
    "Hoàng": 4,
    "Huỳnh": 1,
    "Phan": 4,
    "Vũ": 3,
    "Võ": 2,
    "Đặng": 2,
    "Bùi": 2,
    "Đỗ": 2,
    "Hồ": 1,
    "Ngô": 1,
    "Dương": 1,
    "Lý": 1,
    "Đinh": 1,
    "Trịnh": 1,
    "Đào": 1,
    "Mai": 1,
    "Lương": 1,
    "Tạ": 1,
    "Chu": 1,
}
WOMEN_MIDDLE_NAMES = {
    "Thị": 30,
    "Thị Thu": 6,
    "Thị Thanh": 5,
    "Thị Hồng": 4,
    "Thị Minh": 4,
    "Thị Kim": 3,
    "Thị Ngọc": 3,
    "Thị Hải": 2,
    "Thị Lan": 2,
    "Ngọc": 4,
    "Thanh": 4,
    "Minh": 3,
    "Thu": 4,
    "Hồng": 3,
    "Kim": 2,
    "Bích": 2,
    "Phương": 2,
    "Diệu": 1,
    "Khánh": 1,
    "Thùy": 2,
    "Quỳnh": 1,
    "Mai": 1,
    "Hải": 1,
}
WOMEN_GIVEN_NAMES = [
    "Lan",
    "Hoa",
    "Hoà",
    "Mai",
    "Hương",
    "Huệ",
    "Hạnh",
    "Thảo",
    "Trang",
    "Linh",
    "Ngọc",
    "Yến",
    "Nhung",
    "Phương",
    "Hằng",
    "Dung",
    "Anh",
    "Hà",
    "Thủy",
    "Nga",
    "Hiền",
    "Loan",
    "Oanh",
    "Vân",
    "Huyền",
    "Quyên",
    "Thư",
    "Giang",
    "Nhàn",
    "Tâm",
    "Thơ",
    "Liên",
    "Nhi",
    "Chi",
    "Châu",
    "Duyên",
    "Hồng",
    "Hường",
    "Hoài",
    "My",
    "Ngân",
    "Xuân",
    "Thắm",
    "Tuyết",
    "Vy",
    "Lụa",
    "Quế",
    "Thoa",
    "Diệp",
    "Trinh",
    "Hiếu",
    "Nguyệt",
    "Thúy",
    "Ly",
    "Uyên",
]
MEN_MIDDLE_NAMES = {
    "Văn": 20,
    "Đình": 5,
    "Quốc": 4,
    "Minh": 4,
    "Hữu": 4,
    "Xuân": 3,
    "Đức": 4,
    "Công": 3,
    "Thanh": 3,
    "Ngọc": 2,
    "Trọng": 2,
    "Anh": 2,
}
MEN_GIVEN_NAMES = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Nam",
    "Sơn",
    "Thắng",
    "Hải",
    "Long",
    "Quang",
    "Trung",
    "Bình",
    "Cường",
    "Hiếu",
    "Toàn",
    "Phong",
    "Khánh",
    "Thành",
    "Vinh",
    "Lâm",
    "Tùng",
    "Hoàng",
    "Tiến",
    "Việt",
    "Hưng",
    "Đông",
    "Lợi",
    "Kiên",
    "Nghĩa",
    "Tâm",
    "Thái",
]

# The first three digits of a citizen ID: where the birth was registered, in the 63-province codes of
# before 2025 (Circular 59/2021/TT-BCA, Appendix I).
BIRTH_PROVINCES_NORTH = {
    "001": 40,  # Hà Nội
    "034": 5,  # Thái Bình
    "036": 5,  # Nam Định
    "035": 3,  # Hà Nam
    "037": 3,  # Ninh Bình
    "030": 4,  # Hải Dương
    "033": 3,  # Hưng Yên
    "031": 3,  # Hải Phòng
    "027": 3,  # Bắc Ninh
    "026": 3,  # Vĩnh Phúc
    "025": 3,  # Phú Thọ
    "019": 2,  # Thái Nguyên
    "022": 2,  # Quảng Ninh
    "024": 2,  # Bắc Giang
    "038": 5,  # Thanh Hóa
    "040": 5,  # Nghệ An
    "042": 4,  # Hà Tĩnh
}
BIRTH_PROVINCES_HA_TINH = {"042": 85, "040": 10, "038": 3, "001": 2}


@dataclass
class PersonSpec:
    family_name: str
    middle_name: str
    given_name: str
    gender: str
    birth_date: datetime.date
    citizen_id: str
    province: AdministrativeUnit
    organisation: Organisation | None = None
    workplace: str = ""
    position: str = ""
    leadership_level: str = Person.LeadershipLevel.NONE
    notes: str = ""

    def build(self, actor=None) -> Person:
        person = Person(
            family_name=self.family_name,
            middle_name=self.middle_name,
            given_name=self.given_name,
            gender=self.gender,
            birth_date=self.birth_date,
            citizen_id=self.citizen_id,
            province=self.province,
            organisation=self.organisation,
            workplace=self.workplace,
            position=self.position,
            leadership_level=self.leadership_level,
            notes=self.notes,
            created_by=actor,
        )
        # bulk_create bypasses save(): derive the full name, search and sort keys here.
        person.normalise()
        return person


def _weighted(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


class PeopleMaker:
    """Draws names, birth dates and unique citizen ID numbers from one random generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used_ids: set[str] = set()

    def name(self, *, female: bool) -> tuple[str, str, str]:
        family = _weighted(self.rng, FAMILY_NAMES)
        while True:
            if female:
                middle = _weighted(self.rng, WOMEN_MIDDLE_NAMES)
                given = self.rng.choice(WOMEN_GIVEN_NAMES)
            else:
                middle = _weighted(self.rng, MEN_MIDDLE_NAMES)
                given = self.rng.choice(MEN_GIVEN_NAMES)
            # "Nguyễn Thị Ngọc Ngọc" or "Mai Thị Mai" are not names.
            if given not in middle.split() and given != family:
                return family, middle, given

    def birth_date(self, first_year: int, last_year: int) -> datetime.date:
        year = self.rng.randint(first_year, last_year)
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))

    def citizen_id(self, *, female: bool, birth_year: int, birth_provinces: dict[str, int]) -> str:
        prefix = _weighted(self.rng, birth_provinces)
        digit = century_sex_digit(female=female, birth_year=birth_year)
        while True:
            number = f"{prefix}{digit}{birth_year % 100:02d}{self.rng.randrange(1_000_000):06d}"
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def person(
        self,
        *,
        female: bool = True,
        born: tuple[int, int],
        birth_provinces: dict[str, int],
        province: AdministrativeUnit,
        **details,
    ) -> PersonSpec:
        family, middle, given = self.name(female=female)
        birth_date = self.birth_date(*born)
        return PersonSpec(
            family_name=family,
            middle_name=middle,
            given_name=given,
            gender=Person.Gender.FEMALE if female else Person.Gender.MALE,
            birth_date=birth_date,
            citizen_id=self.citizen_id(
                female=female, birth_year=birth_date.year, birth_provinces=birth_provinces
            ),
            province=province,
            **details,
        )

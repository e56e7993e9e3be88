"""A starter set of national organisations: the ones the seed documents and most training records name.

Names follow the 2025 restructuring of the political system:
- Ủy ban Dân tộc no longer exists: Resolution 176/2025/QH15 made it, with the State management of religion
  taken from the Ministry of Home Affairs, the Ministry of Ethnic and Religious Affairs (Bộ Dân tộc và Tôn
  giáo), in operation from 1 March 2025 (Decree 41/2025/NĐ-CP).
- The Women's Union and the General Confederation of Labour kept their names but were brought under the
  Central Committee of the Vietnam Fatherland Front in 2025 ("hợp nhất vào Ủy ban Trung ương MTTQ Việt
  Nam"), hence their parent here.
- The Vietnam–Australia Centre (2022) is a centre of the Hồ Chí Minh National Academy of Politics run with
  Australia's Department of Foreign Affairs and Trade; the Vietnam Women's Academy is the Women's Union's.
Provincial organisations (departments, provincial women's unions) are created with their unit as they are
met; they are not part of this list.
"""

from dataclasses import dataclass

from directory.models import Organisation

Kind = Organisation.Kind

FATHERLAND_FRONT = "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"
WOMENS_UNION = "Hội Liên hiệp Phụ nữ Việt Nam"
ACADEMY_OF_POLITICS = "Học viện Chính trị quốc gia Hồ Chí Minh"


@dataclass(frozen=True)
class OrganisationRecord:
    name: str
    short_name: str
    kind: str
    parent: str | None = None  # the parent's name, itself in this list


ORGANISATIONS: tuple[OrganisationRecord, ...] = (
    # The four central offices (Văn phòng Trung ương Đảng, Chính phủ, Chủ tịch nước, Quốc hội).
    OrganisationRecord("Văn phòng Trung ương Đảng", "VPTW Đảng", Kind.CENTRAL_OFFICE),
    OrganisationRecord("Văn phòng Chính phủ", "VPCP", Kind.CENTRAL_OFFICE),
    OrganisationRecord("Văn phòng Chủ tịch nước", "VPCTN", Kind.CENTRAL_OFFICE),
    OrganisationRecord("Văn phòng Quốc hội", "VPQH", Kind.CENTRAL_OFFICE),
    OrganisationRecord("Ban Tổ chức Trung ương", "BTCTW", Kind.PARTY_BODY),
    OrganisationRecord("Bộ Nội vụ", "BNV", Kind.MINISTRY),
    OrganisationRecord("Bộ Ngoại giao", "BNG", Kind.MINISTRY),
    OrganisationRecord("Bộ Dân tộc và Tôn giáo", "Bộ DTTG", Kind.MINISTRY),
    # Not a Party or State body: the umbrella of the socio-political organisations since 2025.
    OrganisationRecord(FATHERLAND_FRONT, "UBTW MTTQ Việt Nam", Kind.OTHER),
    OrganisationRecord(WOMENS_UNION, "Hội LHPN Việt Nam", Kind.WOMENS_UNION, parent=FATHERLAND_FRONT),
    OrganisationRecord(
        "Tổng Liên đoàn Lao động Việt Nam", "Tổng LĐLĐ Việt Nam", Kind.TRADE_UNION, parent=FATHERLAND_FRONT
    ),
    OrganisationRecord(ACADEMY_OF_POLITICS, "HVCTQG Hồ Chí Minh", Kind.TRAINING_CENTRE),
    OrganisationRecord("Trung tâm Việt – Úc", "VAC", Kind.TRAINING_CENTRE, parent=ACADEMY_OF_POLITICS),
    OrganisationRecord("Học viện Phụ nữ Việt Nam", "HVPNVN", Kind.TRAINING_CENTRE, parent=WOMENS_UNION),
    OrganisationRecord("Chương trình Phát triển Liên hợp quốc tại Việt Nam", "UNDP Việt Nam", Kind.DONOR),
    OrganisationRecord(
        "Cơ quan Liên hợp quốc về Bình đẳng giới và Trao quyền cho Phụ nữ tại Việt Nam",
        "UN Women Việt Nam",
        Kind.DONOR,
    ),
    OrganisationRecord("Bộ Ngoại giao và Thương mại Australia", "DFAT", Kind.DONOR),
)

"""The 54 ethnic groups of Viet Nam, with the names they are written under in spreadsheets.

Codes follow the "Danh mục các thành phần dân tộc Việt Nam" of Decision 121-TCTK/PPCĐ (General Statistics
Office, 2 March 1979), the list health insurance records (MA_DANTOC) and most administrative systems still
use. Decision 1019/QĐ-TCTK (2008) numbers the groups differently (04 is Mường there, Hoa here): a code means
nothing without its list, hence `CODE_LIST` is stored with every code.

How the codes were checked:
- 01–09 against the 1979 list as published by the statistics office of Đà Nẵng
  (cucthongke.danang.gov.vn, "Danh mục các thành phần dân tộc Việt Nam, ban hành theo quyết định số
  121-TCTK/PPCĐ ngày 2 tháng 3 năm 1979").
- 01–54 against two independent public code tables that cite the General Statistics Office list and
  agree with each other on every code (GitHub Thanhnt237/TTHubClient, src/assets/religion.ts, which also
  carries the list's other names; and a Laravel LookupSeeder of a school-management system). A third
  table seen swaps 20/21 (Mnông, Ra Glai) and orders 52–54 Rơ Măm, Brâu, Ơ Đu. Codes 10–54 are
  therefore NOT verified against an official text: check them against the Decision before they are
  exchanged with another system.
The 2008 list (QĐ 1019/QĐ-TCTK) could only be read for codes 01–20 (qcvn109.gov.vn, Appendix E; gso.gov.vn)
and is not stored.

Aliases are the official list's own spellings and the spellings met in practice (with or without hyphens,
H'/Hm-, English and ethnonym forms). An alias shared by two groups in the official list (Thổ, Mán, Xá) is
left out: matching on it would guess.
"""

from dataclasses import dataclass

CODE_LIST = "QĐ 121-TCTK/PPCĐ (1979)"


@dataclass(frozen=True)
class EthnicGroupRecord:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    is_minority: bool = True


ETHNIC_GROUPS: tuple[EthnicGroupRecord, ...] = (
    EthnicGroupRecord("01", "Kinh", ("Việt", "Kinh (Việt)"), is_minority=False),
    EthnicGroupRecord("02", "Tày", ()),
    EthnicGroupRecord("03", "Thái", ("Thái Trắng", "Thái Đen", "Tày Khao", "Tày Đăm")),
    EthnicGroupRecord("04", "Hoa", ("Hán", "Hoa (Hán)", "Người Hoa")),
    EthnicGroupRecord("05", "Khmer", ("Khơ-me", "Khơ Me", "Khơme", "Khmer Krôm", "Khơ-me Krôm")),
    EthnicGroupRecord("06", "Mường", ("Mol", "Mual")),
    EthnicGroupRecord("07", "Nùng", ()),
    EthnicGroupRecord("08", "Mông", ("HMông", "H'Mông", "Hmông", "H'mông", "Hmong", "HMông (Mèo)", "Mèo")),
    EthnicGroupRecord("09", "Dao", ("Yao",)),
    EthnicGroupRecord("10", "Gia Rai", ("Gia-rai", "Giarai", "Jrai", "Jarai", "Giơ-rai")),
    EthnicGroupRecord("11", "Ngái", ("Khách Gia",)),
    EthnicGroupRecord("12", "Ê Đê", ("Ê-đê", "Êđê", "Ra-đê", "Rhade", "Ede")),
    EthnicGroupRecord("13", "Ba Na", ("Ba-na", "Bana", "Bahnar")),
    EthnicGroupRecord("14", "Xơ Đăng", ("Xơ-đăng", "Sedang")),
    EthnicGroupRecord("15", "Sán Chay", ("Cao Lan", "Sán Chỉ", "Cao Lan-Sán Chỉ")),
    EthnicGroupRecord("16", "Cơ Ho", ("Cơ-ho", "K'Ho", "Kơ Ho", "Koho")),
    EthnicGroupRecord("17", "Chăm", ("Chàm", "Chiêm Thành")),
    EthnicGroupRecord("18", "Sán Dìu", ("Sán Déo",)),
    EthnicGroupRecord("19", "Hrê", ("H'rê",)),
    EthnicGroupRecord("20", "Mnông", ("M'Nông", "Mơ Nông")),
    EthnicGroupRecord("21", "Ra Glai", ("Ra-glai", "Raglai", "Ra-glay")),
    EthnicGroupRecord("22", "Xtiêng", ("X'tiêng", "Xa-điêng", "Stiêng", "Stieng")),
    EthnicGroupRecord("23", "Bru-Vân Kiều", ("Bru - Vân Kiều", "Vân Kiều", "Bru")),
    EthnicGroupRecord("24", "Thổ", ()),
    EthnicGroupRecord("25", "Giáy", ("Nhắng",)),
    EthnicGroupRecord("26", "Cơ Tu", ("Cơ-tu", "Ca-tu", "Katu")),
    EthnicGroupRecord("27", "Giẻ Triêng", ("Gié Triêng", "Gié-Triêng", "Giẻ-Triêng", "Triêng")),
    EthnicGroupRecord("28", "Mạ", ("Châu Mạ",)),
    EthnicGroupRecord("29", "Khơ Mú", ("Khơ-mú", "Khmu", "Kmhmu", "Xá Cẩu")),
    EthnicGroupRecord("30", "Co", ("Cor", "Col")),
    EthnicGroupRecord("31", "Tà Ôi", ("Tà-ôi", "Ta-ôi", "Pa Cô", "Pa-cô", "Pa Kô", "Pacoh")),
    EthnicGroupRecord("32", "Chơ Ro", ("Chơ-ro", "Châu Ro", "Dơ-ro")),
    EthnicGroupRecord("33", "Kháng", ()),
    EthnicGroupRecord("34", "Xinh Mun", ("Xinh-mun", "Puộc")),
    EthnicGroupRecord("35", "Hà Nhì", ("Hani", "U Ni")),
    EthnicGroupRecord("36", "Chu Ru", ("Chu-ru", "Churu", "Chơ-ru")),
    EthnicGroupRecord("37", "Lào", ()),
    EthnicGroupRecord("38", "La Chí", ("Cù Tê",)),
    EthnicGroupRecord("39", "La Ha", ()),
    EthnicGroupRecord("40", "Phù Lá", ()),
    EthnicGroupRecord("41", "La Hủ", ("Lahu",)),
    EthnicGroupRecord("42", "Lự", ("Lữ",)),
    EthnicGroupRecord("43", "Lô Lô", ("Mun Di",)),
    EthnicGroupRecord("44", "Chứt", ("Rục", "Mã Liềng")),
    EthnicGroupRecord("45", "Mảng", ("Mảng Ư",)),
    EthnicGroupRecord("46", "Pà Thẻn", ("Pà Hưng",)),
    EthnicGroupRecord("47", "Cờ Lao", ("Co Lao", "Cơ Lao")),
    EthnicGroupRecord("48", "Cống", ()),
    EthnicGroupRecord("49", "Bố Y", ("Chủng Chá",)),
    EthnicGroupRecord("50", "Si La", ()),
    EthnicGroupRecord("51", "Pu Péo", ("Pu Piéo", "Ka Pèo")),
    EthnicGroupRecord("52", "Brâu", ("Brao",)),
    EthnicGroupRecord("53", "Ơ Đu", ("Ơ-đu", "Tày Hạt")),
    EthnicGroupRecord("54", "Rơ Măm", ("Rơ-măm",)),
)

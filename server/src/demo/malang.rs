//! Reference data for the demo, modelled on Kabupaten Malang: unit offices and the districts and
//! villages they serve, customer groups, tariffs, the late-fee rule and holidays.
//! Village and district names are real places; addresses, phones and prices are illustrative.

#[derive(Debug)]
pub struct OfficeSeed {
    pub code: &'static str,
    pub name: &'static str,
    pub head_office: bool,
    pub address: &'static str,
    pub phone: &'static str,
    pub areas: &'static [(&'static str, &'static [&'static str])],
}

const HOURS: &str = "Senin–Kamis 07.30–15.30, Jumat 07.30–11.00 WIB";
const HEAD_OFFICE_HOURS: &str = "Senin–Kamis 07.30–15.30, Jumat 07.30–11.00, Sabtu 08.00–12.00 WIB";

pub fn opening_hours(office: &OfficeSeed) -> &'static str {
    if office.head_office {
        HEAD_OFFICE_HOURS
    } else {
        HOURS
    }
}

pub const OFFICES: &[OfficeSeed] = &[
    OfficeSeed { code: "01", name: "Kantor Pusat Kepanjen", head_office: true, address: "Jl. Panji No. 120, Kepanjen, Kabupaten Malang 65163", phone: "(0341) 395 001",
        areas: &[("Kepanjen", &["Kepanjen", "Cepokomulyo", "Penarukan", "Ardirejo", "Panggungrejo", "Talangagung"]), ("Pakisaji", &["Pakisaji", "Kebonagung", "Karangpandan"])] },
    OfficeSeed { code: "02", name: "Unit Dau", head_office: false, address: "Jl. Raya Sumbersekar No. 8, Dau, Kabupaten Malang 65151", phone: "(0341) 463 210",
        areas: &[("Dau", &["Sumbersekar", "Landungsari", "Mulyoagung", "Kalisongo", "Karangwidoro", "Tegalweru", "Selorejo", "Gadingkulon"])] },
    OfficeSeed { code: "03", name: "Unit Singosari", head_office: false, address: "Jl. Raya Singosari No. 45, Singosari, Kabupaten Malang 65153", phone: "(0341) 458 120",
        areas: &[("Singosari", &["Pagentan", "Ardimulyo", "Banjararum", "Candirenggo", "Dengkol", "Klampok", "Langlang", "Watugede"])] },
    OfficeSeed { code: "04", name: "Unit Lawang", head_office: false, address: "Jl. Thamrin No. 17, Lawang, Kabupaten Malang 65211", phone: "(0341) 426 330",
        areas: &[("Lawang", &["Kalirejo", "Bedali", "Ketindan", "Sumberporong", "Turirejo", "Srigading", "Mulyoarjo"])] },
    OfficeSeed { code: "05", name: "Unit Pakis", head_office: false, address: "Jl. Raya Pakis No. 3, Pakis, Kabupaten Malang 65154", phone: "(0341) 791 440",
        areas: &[("Pakis", &["Pakisjajar", "Asrikaton", "Bunutwetan", "Mangliawan", "Saptorenggo", "Sumberpasir"])] },
    OfficeSeed { code: "06", name: "Unit Tumpang", head_office: false, address: "Jl. Kamboja No. 2, Tumpang, Kabupaten Malang 65156", phone: "(0341) 787 550",
        areas: &[("Tumpang", &["Tumpang", "Malangsuko", "Jeru", "Pulungdowo"]), ("Poncokusumo", &["Poncokusumo", "Wringinanom"])] },
    OfficeSeed { code: "07", name: "Unit Turen", head_office: false, address: "Jl. Panglima Sudirman No. 66, Turen, Kabupaten Malang 65175", phone: "(0341) 824 660",
        areas: &[("Turen", &["Turen", "Sedayu", "Talok", "Tanggung", "Sawahan"]), ("Wajak", &["Wajak", "Bringin"])] },
    OfficeSeed { code: "08", name: "Unit Dampit", head_office: false, address: "Jl. Semeru Selatan No. 9, Dampit, Kabupaten Malang 65181", phone: "(0341) 896 770",
        areas: &[("Dampit", &["Dampit", "Pamotan", "Sukodono", "Jambangan"])] },
    OfficeSeed { code: "09", name: "Unit Sumberpucung", head_office: false, address: "Jl. Raya Sumberpucung No. 21, Kabupaten Malang 65165", phone: "(0341) 385 880",
        areas: &[("Sumberpucung", &["Sumberpucung", "Karangkates", "Senggreng", "Ternyang"]), ("Kromengan", &["Kromengan", "Jatikerto"])] },
    OfficeSeed { code: "10", name: "Unit Ngantang", head_office: false, address: "Jl. Raya Ngantang No. 5, Ngantang, Kabupaten Malang 65392", phone: "(0341) 523 990",
        areas: &[("Ngantang", &["Ngantru", "Pagersari", "Purworejo", "Sidodadi"]), ("Pujon", &["Pujon Kidul", "Pandesari"])] },
];

#[derive(Debug)]
pub struct GroupSeed {
    pub code: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// Share of connections, per thousand.
    pub per_mille: u32,
    /// Typical monthly usage range in m3.
    pub usage: (u32, u32),
    pub meter_size: &'static str,
    pub minimum_m3: u32,
    /// Block prices (0-10 / 11-20 / 21-30 / >30) before and from June 2022; None: unchanged.
    pub prices_2021: [i64; 4],
    pub prices_2022: Option<[i64; 4]>,
}

pub const GROUPS: &[GroupSeed] = &[
    GroupSeed { code: "SU", name: "Sosial Umum", description: "Tempat ibadah, hidran umum, panti sosial", per_mille: 25, usage: (15, 60), meter_size: "3/4", minimum_m3: 0,
        prices_2021: [780, 780, 780, 780], prices_2022: None },
    GroupSeed { code: "RT-A1", name: "Rumah Tangga A1", description: "Rumah tangga berpenghasilan rendah (tarif rendah, dibebaskan dari kenaikan 2022)", per_mille: 120, usage: (8, 20), meter_size: "1/2", minimum_m3: 10,
        prices_2021: [1_950, 2_400, 3_100, 3_800], prices_2022: None },
    GroupSeed { code: "RT-A", name: "Rumah Tangga A", description: "Rumah tangga (tarif dasar untuk kebutuhan pokok)", per_mille: 540, usage: (10, 30), meter_size: "1/2", minimum_m3: 10,
        prices_2021: [2_400, 3_100, 3_800, 4_600], prices_2022: Some([2_900, 3_600, 4_400, 5_200]) },
    GroupSeed { code: "RT-B", name: "Rumah Tangga B", description: "Rumah tangga menengah ke atas", per_mille: 200, usage: (15, 35), meter_size: "1/2", minimum_m3: 10,
        prices_2021: [2_800, 3_600, 4_400, 5_300], prices_2022: Some([3_300, 4_100, 5_000, 6_000]) },
    GroupSeed { code: "IP", name: "Instansi Pemerintah", description: "Kantor pemerintah, sekolah negeri, TNI/POLRI", per_mille: 20, usage: (20, 80), meter_size: "3/4", minimum_m3: 10,
        prices_2021: [3_300, 4_300, 5_400, 6_500], prices_2022: Some([3_800, 4_800, 6_000, 7_200]) },
    GroupSeed { code: "NK", name: "Niaga Kecil", description: "Toko, warung, usaha kecil", per_mille: 70, usage: (15, 45), meter_size: "3/4", minimum_m3: 10,
        prices_2021: [4_200, 5_600, 7_100, 8_900], prices_2022: Some([4_700, 6_200, 7_800, 9_700]) },
    GroupSeed { code: "NB", name: "Niaga Besar", description: "Hotel, pusat perbelanjaan, rumah makan besar", per_mille: 15, usage: (60, 250), meter_size: "1", minimum_m3: 20,
        prices_2021: [5_400, 7_100, 9_000, 11_200], prices_2022: Some([6_000, 7_900, 10_000, 12_400]) },
    GroupSeed { code: "IK", name: "Industri Kecil", description: "Industri rumahan dan kecil", per_mille: 10, usage: (40, 150), meter_size: "1", minimum_m3: 20,
        prices_2021: [5_100, 6_900, 9_200, 12_200], prices_2022: Some([5_700, 7_600, 10_100, 13_400]) },
];

pub const BLOCK_BOUNDS: [Option<u32>; 4] = [Some(10), Some(20), Some(30), None];

/// (meter size, beban tetap)
pub const METER_CHARGES: &[(&str, i64)] = &[("1/2", 5_000), ("3/4", 7_500), ("1", 15_000), ("2", 30_000)];
pub const MAINTENANCE_FEE: i64 = 2_500;
pub const ADMINISTRATION_FEE: i64 = 10_000;

pub const DECREE_2021: &str = "Tarif demo, pola Kab. Malang (tarif dasar Rp 2.400/m³ sejak Juni 2021)";
pub const DECREE_2022: &str = "Tarif demo, pola Kab. Malang (tarif dasar Rp 2.900/m³ sejak 1 Juni 2022)";

/// National holidays (approximate for future years: the Islamic dates follow the moon).
pub const HOLIDAYS: &[(&str, &str)] = &[
    ("2024-01-01", "Tahun Baru Masehi"), ("2024-02-08", "Isra Mikraj"), ("2024-02-10", "Tahun Baru Imlek"), ("2024-03-11", "Hari Suci Nyepi"),
    ("2024-03-29", "Wafat Isa Almasih"), ("2024-04-10", "Idul Fitri"), ("2024-04-11", "Idul Fitri"), ("2024-05-01", "Hari Buruh"),
    ("2024-05-09", "Kenaikan Isa Almasih"), ("2024-05-23", "Waisak"), ("2024-06-01", "Hari Lahir Pancasila"), ("2024-06-17", "Idul Adha"),
    ("2024-07-07", "Tahun Baru Islam"), ("2024-08-17", "Hari Kemerdekaan"), ("2024-09-16", "Maulid Nabi"), ("2024-12-25", "Natal"),
    ("2025-01-01", "Tahun Baru Masehi"), ("2025-01-27", "Isra Mikraj"), ("2025-01-29", "Tahun Baru Imlek"), ("2025-03-29", "Hari Suci Nyepi"),
    ("2025-03-31", "Idul Fitri"), ("2025-04-01", "Idul Fitri"), ("2025-04-18", "Wafat Isa Almasih"), ("2025-05-01", "Hari Buruh"),
    ("2025-05-12", "Waisak"), ("2025-05-29", "Kenaikan Isa Almasih"), ("2025-06-01", "Hari Lahir Pancasila"), ("2025-06-06", "Idul Adha"),
    ("2025-06-27", "Tahun Baru Islam"), ("2025-08-17", "Hari Kemerdekaan"), ("2025-09-05", "Maulid Nabi"), ("2025-12-25", "Natal"),
    ("2026-01-01", "Tahun Baru Masehi"), ("2026-01-16", "Isra Mikraj"), ("2026-02-17", "Tahun Baru Imlek"), ("2026-03-19", "Hari Suci Nyepi"),
    ("2026-03-20", "Idul Fitri"), ("2026-03-21", "Idul Fitri"), ("2026-04-03", "Wafat Isa Almasih"), ("2026-05-01", "Hari Buruh"),
    ("2026-05-14", "Kenaikan Isa Almasih"), ("2026-05-27", "Idul Adha"), ("2026-05-31", "Waisak"), ("2026-06-01", "Hari Lahir Pancasila"),
    ("2026-06-16", "Tahun Baru Islam"), ("2026-08-17", "Hari Kemerdekaan"), ("2026-08-25", "Maulid Nabi"), ("2026-12-25", "Natal"),
    ("2027-01-01", "Tahun Baru Masehi"), ("2027-02-06", "Tahun Baru Imlek"), ("2027-03-10", "Idul Fitri"), ("2027-03-11", "Idul Fitri"),
    ("2027-05-01", "Hari Buruh"), ("2027-06-01", "Hari Lahir Pancasila"), ("2027-08-17", "Hari Kemerdekaan"), ("2027-12-25", "Natal"),
];

pub const FIRST_NAMES: &[&str] = &[
    "Siti", "Sri", "Budi", "Agus", "Slamet", "Dwi", "Eko", "Tri", "Wahyu", "Sugeng", "Suparmi", "Sumarni", "Joko", "Bambang", "Hadi",
    "Rina", "Dewi", "Lestari", "Yuliani", "Endang", "Suwarno", "Mulyadi", "Sutrisno", "Ahmad", "Muhammad", "Nur", "Fitri", "Ani",
    "Heru", "Yudi", "Rudi", "Indah", "Wulan", "Ratna", "Sulastri", "Karsini", "Poniman", "Sukirno", "Rahmat", "Arif", "Dian", "Novi",
    "Teguh", "Imam", "Ika", "Putri", "Bayu", "Aditya", "Fajar", "Gilang", "Hendra", "Kurniawan", "Ningsih", "Tutik", "Yanti", "Winarti",
];

pub const LAST_NAMES: &[&str] = &[
    "Hartini", "Santoso", "Wijaya", "Prasetyo", "Susanto", "Setiawan", "Rahayu", "Hidayat", "Purnomo", "Wahyuni", "Kusuma", "Nugroho",
    "Saputra", "Handayani", "Suryani", "Haryanto", "Utomo", "Sulistyo", "Widodo", "Yulianto", "Firmansyah", "Maulana", "Anggraini",
    "Kurniasih", "Pratama", "Wibowo", "Hariyadi", "Suprapto", "Lestari", "Mulyani", "Rochmad", "Subagyo", "Sutikno", "Fauzi",
];

pub const STREETS: &[&str] = &[
    "Jl. Raya", "Jl. Mawar", "Jl. Melati", "Jl. Kenanga", "Jl. Diponegoro", "Jl. Sudirman", "Jl. Kartini", "Jl. Pahlawan",
    "Jl. Masjid", "Jl. Sekolah", "Jl. Pasar", "Jl. Brawijaya", "Jl. Ahmad Yani", "Jl. Flamboyan", "Jl. Cempaka", "Gang Makam",
];

/// Banks offering the utility's virtual accounts: (id, name, channel, biller code). The codes
/// are illustrative; banks assign the real ones.
pub const BANKS: &[(&str, &str, &str, &str)] = &[
    ("bri", "BRI", "va_bri", "88810"),
    ("bni", "BNI", "va_bni", "98820"),
    ("mandiri", "Bank Mandiri", "va_mandiri", "89030"),
    ("bca", "BCA", "va_bca", "11140"),
    ("jatim", "Bank Jatim", "va_jatim", "70050"),
];

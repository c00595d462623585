"""Names in four scripts, and the variants real reports carry for the same person or company.

A person has one true name (in the script of their culture) and every record about them shows a
variant: another romanisation, the original script, a typo, the family name first, a dropped middle
name. The pools are small hand-written lists; the variety comes from combining them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

LATIN_FIRST_M = [
    "John",
    "Michael",
    "David",
    "James",
    "Robert",
    "William",
    "Joseph",
    "Thomas",
    "Charles",
    "Daniel",
    "Matthew",
    "Anthony",
    "Mark",
    "Paul",
    "Steven",
    "Andrew",
    "Kenneth",
    "Joshua",
    "Kevin",
    "Brian",
    "George",
    "Edward",
    "Ronald",
    "Timothy",
    "Jason",
    "Jeffrey",
    "Ryan",
    "Jacob",
    "Gary",
    "Nicholas",
    "Eric",
    "Jonathan",
    "Stephen",
    "Larry",
    "Justin",
    "Scott",
    "Brandon",
    "Frank",
    "Benjamin",
    "Gregory",
    "Samuel",
    "Raymond",
    "Patrick",
    "Alexander",
    "Jack",
    "Dennis",
    "Jerry",
    "Tyler",
    "Aaron",
    "Henry",
    "Adam",
    "Douglas",
    "Nathan",
    "Peter",
    "Zachary",
    "Kyle",
    "Walter",
    "Harold",
    "Carl",
    "Jeremy",
    "Keith",
    "Roger",
    "Gerald",
    "Ethan",
    "Arthur",
    "Terry",
    "Christian",
    "Sean",
    "Lawrence",
    "Austin",
    "Joe",
    "Noah",
    "Jesse",
    "Albert",
    "Bryan",
    "Billy",
    "Bruce",
    "Willie",
    "Jordan",
    "Dylan",
    "Alan",
    "Ralph",
    "Gabriel",
    "Roy",
    "Juan",
    "Wayne",
    "Eugene",
    "Logan",
    "Randy",
    "Louis",
    "Russell",
    "Vincent",
    "Philip",
    "Bobby",
    "Johnny",
    "Bradley",
    "Luca",
    "Matteo",
    "Marco",
    "Giuseppe",
    "Antoine",
    "Pierre",
    "Hans",
    "Jan",
]
LATIN_FIRST_F = [
    "Mary",
    "Patricia",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Lisa",
    "Nancy",
    "Betty",
    "Margaret",
    "Sandra",
    "Ashley",
    "Kimberly",
    "Emily",
    "Donna",
    "Michelle",
    "Carol",
    "Amanda",
    "Dorothy",
    "Melissa",
    "Deborah",
    "Stephanie",
    "Rebecca",
    "Sharon",
    "Laura",
    "Cynthia",
    "Kathleen",
    "Amy",
    "Angela",
    "Shirley",
    "Anna",
    "Brenda",
    "Pamela",
    "Emma",
    "Nicole",
    "Helen",
    "Samantha",
    "Katherine",
    "Christine",
    "Debra",
    "Rachel",
    "Carolyn",
    "Janet",
    "Catherine",
    "Maria",
    "Heather",
    "Diane",
    "Ruth",
    "Julie",
    "Olivia",
    "Joyce",
    "Virginia",
    "Victoria",
    "Kelly",
    "Lauren",
    "Christina",
    "Joan",
    "Evelyn",
    "Judith",
    "Megan",
    "Andrea",
    "Cheryl",
    "Hannah",
    "Jacqueline",
    "Martha",
    "Gloria",
    "Teresa",
    "Ann",
    "Sara",
    "Madison",
    "Frances",
    "Kathryn",
    "Janice",
    "Jean",
    "Abigail",
    "Alice",
    "Judy",
    "Sophia",
    "Grace",
    "Denise",
    "Amber",
    "Doris",
    "Marilyn",
    "Danielle",
    "Beverly",
    "Isabella",
    "Theresa",
    "Diana",
    "Natalie",
    "Brittany",
    "Charlotte",
    "Giulia",
    "Chiara",
    "Francesca",
    "Claire",
    "Sophie",
    "Ingrid",
    "Greta",
]
LATIN_LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Gomez",
    "Phillips",
    "Evans",
    "Turner",
    "Diaz",
    "Parker",
    "Cruz",
    "Edwards",
    "Collins",
    "Reyes",
    "Stewart",
    "Morris",
    "Morales",
    "Murphy",
    "Cook",
    "Rogers",
    "Gutierrez",
    "Ortiz",
    "Morgan",
    "Cooper",
    "Peterson",
    "Bailey",
    "Reed",
    "Kelly",
    "Howard",
    "Ramos",
    "Kim",
    "Cox",
    "Ward",
    "Richardson",
    "Watson",
    "Brooks",
    "Chavez",
    "Wood",
    "James",
    "Bennett",
    "Gray",
    "Mendoza",
    "Ruiz",
    "Hughes",
    "Price",
    "Alvarez",
    "Castillo",
    "Sanders",
    "Patel",
    "Myers",
    "Long",
    "Ross",
    "Foster",
    "Jimenez",
    "Powell",
    "Jenkins",
    "Perry",
    "Russell",
    "Sullivan",
    "Bell",
    "Coleman",
    "Butler",
    "Henderson",
    "Barnes",
    "Fisher",
    "Vasquez",
    "Simmons",
    "Romero",
    "Jordan",
    "Patterson",
    "Alexander",
    "Hamilton",
    "Graham",
    "Reynolds",
    "Griffin",
    "Wallace",
    "West",
    "Cole",
    "Hayes",
    "Bryant",
    "Herrera",
    "Gibson",
    "Ellis",
    "Tran",
    "Medina",
    "Aguilar",
    "Stevens",
    "Murray",
    "Ford",
    "Castro",
    "Marshall",
    "Owens",
    "Harrison",
    "Fernandez",
    "McDonald",
    "Woods",
    "Washington",
    "Kennedy",
    "Wells",
    "Vargas",
    "Henry",
    "Chen",
    "Freeman",
    "Webb",
    "Tucker",
    "Guzman",
    "Burns",
    "Crawford",
    "Olson",
    "Simpson",
    "Porter",
    "Hunter",
    "Gordon",
    "Mendez",
    "Silva",
    "Shaw",
    "Snyder",
    "Mason",
    "Dixon",
    "Munoz",
    "Hunt",
    "Hicks",
    "Holmes",
    "Palmer",
    "Wagner",
    "Black",
    "Robertson",
    "Borg",
    "Camilleri",
    "Vella",
    "Farrugia",
    "Zammit",
    "Galea",
    "Micallef",
    "Grech",
    "Attard",
    "Spiteri",
    "Azzopardi",
    "Mifsud",
    "Agius",
    "Caruana",
    "Pace",
    "Fenech",
    "Debono",
    "Cassar",
    "Schembri",
    "Muscat",
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Colombo",
    "Muller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Dubois",
    "Moreau",
    "Laurent",
    "Lefebvre",
    "Bernard",
    "Janssen",
    "Peeters",
]

# Cyrillic: (male form, female form) of surnames; first names are gendered themselves.
CYR_FIRST_M = [
    "Александр",
    "Алексей",
    "Андрей",
    "Антон",
    "Артём",
    "Борис",
    "Вадим",
    "Валерий",
    "Василий",
    "Виктор",
    "Виталий",
    "Владимир",
    "Владислав",
    "Вячеслав",
    "Геннадий",
    "Георгий",
    "Григорий",
    "Даниил",
    "Денис",
    "Дмитрий",
    "Евгений",
    "Егор",
    "Иван",
    "Игорь",
    "Илья",
    "Кирилл",
    "Константин",
    "Леонид",
    "Максим",
    "Михаил",
    "Никита",
    "Николай",
    "Олег",
    "Павел",
    "Пётр",
    "Роман",
    "Руслан",
    "Сергей",
    "Станислав",
    "Степан",
    "Тимур",
    "Фёдор",
    "Юрий",
    "Ярослав",
    "Захар",
    "Святослав",
    "Эдуард",
    "Аркадий",
]
CYR_FIRST_F = [
    "Александра",
    "Алина",
    "Алла",
    "Анастасия",
    "Анна",
    "Валентина",
    "Валерия",
    "Вера",
    "Виктория",
    "Галина",
    "Дарья",
    "Евгения",
    "Екатерина",
    "Елена",
    "Елизавета",
    "Жанна",
    "Зоя",
    "Ирина",
    "Карина",
    "Ксения",
    "Лариса",
    "Любовь",
    "Людмила",
    "Маргарита",
    "Марина",
    "Мария",
    "Надежда",
    "Наталья",
    "Нина",
    "Оксана",
    "Ольга",
    "Полина",
    "Светлана",
    "София",
    "Тамара",
    "Татьяна",
    "Юлия",
    "Яна",
    "Ульяна",
    "Кристина",
]
CYR_LAST = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
    "Ильин",
    "Максимов",
    "Поляков",
    "Сорокин",
    "Виноградов",
    "Ковалёв",
    "Белов",
    "Медведев",
    "Антонов",
    "Тарасов",
    "Жуков",
    "Баранов",
    "Филиппов",
    "Комаров",
    "Давыдов",
    "Беляев",
    "Герасимов",
    "Богданов",
    "Осипов",
    "Сидоров",
    "Матвеев",
    "Титов",
    "Марков",
    "Миронов",
    "Крылов",
    "Куликов",
    "Карпов",
    "Власов",
    "Мельников",
    "Денисов",
    "Гаврилов",
    "Тихонов",
    "Казаков",
    "Афанасьев",
    "Данилов",
    "Савельев",
    "Тимофеев",
    "Фомин",
    "Чернов",
    "Абрамов",
    "Мартынов",
    "Ефимов",
    "Федотов",
    "Щербаков",
    "Назаров",
    "Калинин",
    "Исаев",
    "Чернышёв",
    "Быков",
    "Маслов",
    "Родионов",
    "Коновалов",
    "Лазарев",
    "Воронин",
    "Климов",
    "Филатов",
    "Пономарёв",
    "Голубев",
    "Кудрявцев",
    "Прохоров",
    "Наумов",
    "Потапов",
    "Журавлёв",
    "Овчинников",
    "Трофимов",
    "Леонов",
    "Соболев",
    "Ермаков",
    "Колесников",
    "Гончаров",
    "Емельянов",
    "Никифоров",
    "Грачёв",
    "Котов",
    "Гришин",
]
CYR_PATRONYMIC_ROOTS = [
    "Александров",
    "Алексеев",
    "Андреев",
    "Викторов",
    "Владимиров",
    "Дмитриев",
    "Иванов",
    "Михайлов",
    "Николаев",
    "Петров",
    "Сергеев",
    "Юрьев",
]

# Several romanisation schemes for each Cyrillic letter (BGN/PCGN, passport, French/German-style, ISO-ish).
CYR_TRANSLIT: dict[str, tuple[str, ...]] = {
    "а": ("a",),
    "б": ("b",),
    "в": ("v", "w"),
    "г": ("g",),
    "д": ("d",),
    "е": ("e", "ye"),
    "ё": ("e", "yo", "io"),
    "ж": ("zh", "j", "zh"),
    "з": ("z",),
    "и": ("i",),
    "й": ("y", "i", "j"),
    "к": ("k",),
    "л": ("l",),
    "м": ("m",),
    "н": ("n",),
    "о": ("o",),
    "п": ("p",),
    "р": ("r",),
    "с": ("s",),
    "т": ("t",),
    "у": ("u", "ou"),
    "ф": ("f",),
    "х": ("kh", "h", "kh", "ch"),
    "ц": ("ts", "tz", "c"),
    "ч": ("ch", "tch", "tsch"),
    "ш": ("sh", "ch", "sch"),
    "щ": ("shch", "sch", "shch"),
    "ъ": ("",),
    "ы": ("y", "i"),
    "ь": ("", "'"),
    "э": ("e",),
    "ю": ("yu", "iu", "ju"),
    "я": ("ya", "ia", "ja"),
}

# Arabic: original script and the romanisations seen in practice.
ARABIC_FIRST_M = [
    ("محمد", "Mohammed Muhammad Mohamed Mohammad Mohamad"),
    ("أحمد", "Ahmed Ahmad Ahmet"),
    ("علي", "Ali Aly"),
    ("حسن", "Hassan Hasan Hassen"),
    ("حسين", "Hussein Husain Hussain Hossein"),
    ("عمر", "Omar Umar Omer"),
    ("خالد", "Khaled Khalid Khaleed"),
    ("يوسف", "Youssef Yusuf Yousef Yousif"),
    ("إبراهيم", "Ibrahim Ebrahim Ibraheem"),
    ("عبد الله", "Abdullah Abdallah Abdulla Abd Allah"),
    ("عبد الرحمن", "Abdulrahman Abdel Rahman Abdurrahman"),
    ("مصطفى", "Mustafa Mostafa Moustafa"),
    ("سعيد", "Said Saeed Saied"),
    ("كريم", "Karim Kareem"),
    ("طارق", "Tariq Tarek Tarik"),
    ("فيصل", "Faisal Faysal Feisal"),
    ("ناصر", "Nasser Nasir Naser"),
    ("جمال", "Jamal Gamal Djamel"),
    ("رشيد", "Rashid Rachid Rasheed"),
    ("سليمان", "Suleiman Sulaiman Soliman"),
    ("ماجد", "Majed Majid Maged"),
    ("وليد", "Walid Waleed"),
    ("زياد", "Ziad Ziyad Zyad"),
    ("هشام", "Hisham Hesham Hicham"),
    ("عادل", "Adel Adil"),
    ("منصور", "Mansour Mansur"),
    ("بلال", "Bilal Belal"),
    ("حمزة", "Hamza Hamzah"),
    ("إسماعيل", "Ismail Ismael Esmail"),
    ("نبيل", "Nabil Nabeel"),
    ("سامي", "Sami Samy"),
    ("أمين", "Amin Ameen"),
]
ARABIC_FIRST_F = [
    ("فاطمة", "Fatima Fatma Fatemah"),
    ("عائشة", "Aisha Aicha Ayesha"),
    ("مريم", "Maryam Mariam Meryem"),
    ("زينب", "Zainab Zeinab Zaynab"),
    ("خديجة", "Khadija Khadidja Khadeeja"),
    ("نور", "Nour Noor Nur"),
    ("ليلى", "Layla Leila Laila"),
    ("سارة", "Sara Sarah"),
    ("هدى", "Huda Hoda Houda"),
    ("أمينة", "Amina Aminah Ameena"),
    ("سلمى", "Salma Selma"),
    ("رانيا", "Rania Ranya"),
    ("ياسمين", "Yasmin Yasmine Jasmin"),
    ("دينا", "Dina Deena"),
    ("منى", "Mona Muna"),
    ("هند", "Hind Hend"),
    ("رشا", "Rasha Racha"),
    ("لينا", "Lina Leena"),
    ("سميرة", "Samira Sameera"),
    ("نادية", "Nadia Nadya"),
]
ARABIC_LAST = [
    ("الحسن", "Al-Hassan Alhassan El Hassan Al Hasan"),
    ("المنصوري", "Al-Mansouri Almansoori El Mansouri"),
    ("الأحمد", "Al-Ahmad Alahmad Al Ahmed"),
    ("الخطيب", "Al-Khatib Alkhateeb El Khatib"),
    ("حداد", "Haddad Hadad"),
    ("الشامي", "Al-Shami Alshami Ash-Shami"),
    ("العلي", "Al-Ali Alali El Ali"),
    ("النجار", "Al-Najjar Alnajjar An-Najjar Najjar"),
    ("الزهراني", "Al-Zahrani Alzahrani Az-Zahrani"),
    ("القحطاني", "Al-Qahtani Alqahtani Al Kahtani"),
    ("العتيبي", "Al-Otaibi Alotaibi Al Oteibi"),
    ("الدوسري", "Al-Dosari Aldossary Ad-Dawsari"),
    ("الشمري", "Al-Shammari Alshammari Ash-Shammari"),
    ("المصري", "Al-Masri Almasri El Masry"),
    ("التميمي", "Al-Tamimi Altamimi At-Tamimi"),
    ("الكبيسي", "Al-Kubaisi Alkubaisi Al Kobaisi"),
    ("البغدادي", "Al-Baghdadi Albaghdadi El Baghdadi"),
    ("الحلبي", "Al-Halabi Alhalabi El Halabi"),
    ("عثمان", "Othman Osman Uthman"),
    ("صالح", "Saleh Salih Saleh"),
    ("يوسف", "Youssef Yusuf Yousef"),
    ("إبراهيم", "Ibrahim Ebrahim"),
    ("منصور", "Mansour Mansur"),
    ("خليل", "Khalil Khaleel Halil"),
    ("عيسى", "Issa Eissa Isa"),
    ("موسى", "Moussa Musa Mousa"),
    ("حمدان", "Hamdan Hamdane"),
    ("الرشيد", "Al-Rashid Alrashid Ar-Rashid"),
    ("الفاسي", "Al-Fassi Elfassi"),
    ("بن علي", "Ben Ali Bin Ali"),
    ("بن سعيد", "Ben Said Bin Saeed"),
    ("الجبوري", "Al-Jubouri Aljubouri Al Jibouri"),
    ("السعدي", "Al-Saadi Alsaadi As-Saadi"),
    ("الهاشمي", "Al-Hashimi Alhashemi El Hachemi"),
    ("القاسم", "Al-Qasim Alqasem Al Kassem"),
    ("اليمني", "Al-Yamani Alyamani"),
]

# Chinese: character, pinyin, other romanisations (Wade-Giles, Cantonese, Hokkien).
CHINESE_SURNAMES = [
    ("王", "Wang", "Wong Ong"),
    ("李", "Li", "Lee Lei"),
    ("张", "Zhang", "Chang Cheung Teo"),
    ("刘", "Liu", "Lau Lao"),
    ("陈", "Chen", "Chan Tan Chin"),
    ("杨", "Yang", "Yeung Yong"),
    ("黄", "Huang", "Wong Ng Hwang"),
    ("赵", "Zhao", "Chao Chiu"),
    ("吴", "Wu", "Ng Goh"),
    ("周", "Zhou", "Chou Chow"),
    ("徐", "Xu", "Hsu Tsui Chee"),
    ("孙", "Sun", "Suen Soon"),
    ("马", "Ma", "Mah Mar"),
    ("朱", "Zhu", "Chu Choo"),
    ("胡", "Hu", "Wu Foo"),
    ("郭", "Guo", "Kuo Kwok Kwek"),
    ("何", "He", "Ho Hoh"),
    ("林", "Lin", "Lam Lim"),
    ("高", "Gao", "Kao Ko"),
    ("罗", "Luo", "Lo Law Loh"),
    ("郑", "Zheng", "Cheng Cheng Tay"),
    ("梁", "Liang", "Leung Leong"),
    ("谢", "Xie", "Hsieh Tse Chia"),
    ("宋", "Song", "Sung Soong"),
    ("唐", "Tang", "Tong Tng"),
    ("许", "Xu", "Hui Koh"),
    ("韩", "Han", "Hon"),
    ("冯", "Feng", "Fung Fong"),
    ("邓", "Deng", "Teng Tang"),
    ("曹", "Cao", "Tsao Tso"),
]
CHINESE_GIVEN = [
    ("伟", "wei", "wai"),
    ("芳", "fang", "fong"),
    ("娜", "na", "na"),
    ("敏", "min", "man"),
    ("静", "jing", "ching"),
    ("丽", "li", "lai"),
    ("强", "qiang", "chiang keung"),
    ("磊", "lei", "lui"),
    ("军", "jun", "chun kwan"),
    ("洋", "yang", "yeung"),
    ("勇", "yong", "yung"),
    ("艳", "yan", "yim"),
    ("杰", "jie", "chieh kit"),
    ("娟", "juan", "chuan kuen"),
    ("涛", "tao", "tou"),
    ("明", "ming", "ming"),
    ("超", "chao", "chiu"),
    ("秀", "xiu", "hsiu sau"),
    ("霞", "xia", "hsia ha"),
    ("平", "ping", "ping"),
    ("刚", "gang", "kang kong"),
    ("英", "ying", "ying"),
    ("华", "hua", "wah"),
    ("建", "jian", "chien kin"),
    ("国", "guo", "kuo kwok"),
    ("文", "wen", "man"),
    ("辉", "hui", "fai"),
    ("玉", "yu", "yuk"),
    ("红", "hong", "hung"),
    ("志", "zhi", "chih chi"),
    ("海", "hai", "hoi"),
    ("鹏", "peng", "pang"),
    ("宇", "yu", "yue"),
    ("浩", "hao", "ho"),
    ("晨", "chen", "sun"),
    ("欣", "xin", "hsin yan"),
    ("婷", "ting", "ting"),
    ("雪", "xue", "hsueh suet"),
    ("嘉", "jia", "chia ka"),
    ("俊", "jun", "chun tsun"),
    ("思", "si", "ssu sze"),
    ("雨", "yu", "yue"),
    ("佳", "jia", "chia kai"),
    ("子", "zi", "tzu tsz"),
    ("梓", "zi", "tzu"),
    ("天", "tian", "tien tin"),
    ("博", "bo", "po"),
    ("安", "an", "on"),
    ("乐", "le", "lok"),
    ("晓", "xiao", "hsiao hiu"),
]

COMPANY_WORDS = [
    "Global",
    "Atlas",
    "Horizon",
    "Meridian",
    "Nova",
    "Zenith",
    "Apex",
    "Pioneer",
    "Summit",
    "Vertex",
    "Crescent",
    "Harbour",
    "Falcon",
    "Orion",
    "Sterling",
    "Phoenix",
    "Pinnacle",
    "Oasis",
    "Delta",
    "Vista",
    "Coral",
    "Aurora",
    "Titan",
    "Union",
    "Prime",
    "Royal",
    "Golden",
    "Silver",
    "Blue",
    "Green",
    "Eastern",
    "Western",
    "Northern",
    "Southern",
    "Pacific",
    "Atlantic",
    "Baltic",
    "Nordic",
    "Alpine",
    "Liberty",
    "Heritage",
    "Trident",
    "Cobalt",
    "Granite",
    "Emerald",
    "Sapphire",
    "Amber",
    "Ivory",
    "Onyx",
    "Marble",
    "Cedar",
    "Oak",
    "Maple",
    "Willow",
    "Lotus",
    "Jasmine",
    "Saffron",
]
COMPANY_TRADES = [
    "Trading",
    "Logistics",
    "Shipping",
    "Holdings",
    "Investments",
    "Consulting",
    "Imports",
    "Exports",
    "Textiles",
    "Electronics",
    "Construction",
    "Motors",
    "Foods",
    "Pharma",
    "Energy",
    "Metals",
    "Gems",
    "Jewellers",
    "Properties",
    "Realty",
    "Tourism",
    "Travel",
    "Marine",
    "Agro",
    "Telecom",
    "Software",
    "Security",
    "Media",
    "Finance",
    "Capital",
    "Ventures",
    "Partners",
    "Enterprises",
    "Industries",
]
LEGAL_FORMS = {
    "MT": ("Ltd", "Limited", "Ltd."),
    "GB": ("Ltd", "Limited", "PLC"),
    "DE": ("GmbH", "G.m.b.H."),
    "AE": ("LLC", "FZE", "FZCO", "L.L.C."),
    "RU": ("OOO", "LLC"),
    "CN": ("Co., Ltd.", "Company Limited"),
    "HK": ("Limited", "Ltd"),
    "CY": ("Ltd", "Limited"),
    "PA": ("S.A.", "Inc."),
    "VG": ("Ltd", "Limited", "Inc."),
    "US": ("LLC", "Inc.", "Corp."),
    "TR": ("A.S.", "Ltd. Sti."),
    "IT": ("S.r.l.", "S.p.A."),
    "FR": ("SARL", "SAS"),
    "CH": ("AG", "SA", "GmbH"),
    "SG": ("Pte. Ltd.", "Pte Ltd"),
    "LB": ("SAL", "S.A.L."),
}
RU_COMPANY_PREFIX = ("ООО", "АО", "ЗАО")
AR_COMPANY_PREFIX = ("شركة", "مؤسسة")


@dataclass(frozen=True)
class TrueName:
    """The one true name of a person: parts in its own script and a canonical romanisation."""

    script: str  # Latin, Cyrillic, Arabic, Han
    given: str
    family: str
    middle: str = ""
    given_latin: tuple[str, ...] = ()
    family_latin: tuple[str, ...] = ()
    middle_latin: tuple[str, ...] = ()

    @property
    def original(self) -> str:
        if self.script == "Han":
            return f"{self.family}{self.given}"
        if self.script == "Cyrillic":
            # Russian documents put the family name first, then given name and patronymic.
            return " ".join(p for p in (self.family, self.given, self.middle) if p)
        return " ".join(p for p in (self.given, self.middle, self.family) if p)

    @property
    def canonical(self) -> str:
        """The first (most common) romanisation, given name first."""
        g = self.given_latin[0] if self.given_latin else self.given
        f = self.family_latin[0] if self.family_latin else self.family
        m = self.middle_latin[0] if self.middle_latin else self.middle
        return " ".join(p for p in (g, m, f) if p)


def translit_cyrillic(text: str, rng: random.Random | None = None) -> str:
    """Romanise Cyrillic; with ``rng``, each letter takes one of its schemes at random, as clerks do."""
    out = []
    for ch in text:
        low = ch.lower()
        opts = CYR_TRANSLIT.get(low)
        if opts is None:
            out.append(ch)
            continue
        t = opts[0] if rng is None else rng.choice(opts)
        out.append(t.capitalize() if ch != low else t)
    return "".join(out)


def make_person_name(culture: str, female: bool, rng: random.Random) -> TrueName:
    if culture == "ru":
        given = rng.choice(CYR_FIRST_F if female else CYR_FIRST_M)
        family = rng.choice(CYR_LAST)
        if female:
            family = family + "а"
        root = rng.choice(CYR_PATRONYMIC_ROOTS)
        middle = root + ("на" if female else "ич")
        middle = middle.replace("ьевна", "ьевна").replace("овна", "овна")
        gl = tuple(
            dict.fromkeys([translit_cyrillic(given)] + [translit_cyrillic(given, rng) for _ in range(3)])
        )
        fl = tuple(
            dict.fromkeys([translit_cyrillic(family)] + [translit_cyrillic(family, rng) for _ in range(3)])
        )
        ml = tuple(
            dict.fromkeys([translit_cyrillic(middle)] + [translit_cyrillic(middle, rng) for _ in range(2)])
        )
        return TrueName("Cyrillic", given, family, middle, gl, fl, ml)
    if culture == "ar":
        g, g_spec = rng.choice(ARABIC_FIRST_F if female else ARABIC_FIRST_M)
        f, f_spec = rng.choice(ARABIC_LAST)
        m, m_spec = ("", "")
        if not female and rng.random() < 0.5:
            m, m_spec = rng.choice(ARABIC_FIRST_M)
        return TrueName(
            "Arabic", g, f, m, _romans(g_spec), _romans(f_spec), _romans(m_spec) if m_spec else ()
        )
    if culture == "zh":
        f, fp, fo = rng.choice(CHINESE_SURNAMES)
        parts = [rng.choice(CHINESE_GIVEN) for _ in range(rng.choice((1, 2, 2, 2)))]
        given = "".join(p[0] for p in parts)
        pinyin = "".join(p[1] for p in parts).capitalize()
        wade = "-".join(p[2].split()[0] for p in parts).capitalize()
        spaced = " ".join(p[1].capitalize() for p in parts)
        return TrueName("Han", given, f, "", (pinyin, spaced, wade), (fp, *fo.split()), ())
    female_pool = LATIN_FIRST_F if female else LATIN_FIRST_M
    g = rng.choice(female_pool)
    m = rng.choice(female_pool) if rng.random() < 0.3 else ""
    f = rng.choice(LATIN_LAST)
    if rng.random() < 0.08:
        f = f + "-" + rng.choice(LATIN_LAST)
    return TrueName("Latin", g, f, m, (g,), (f,), (m,) if m else ())


def _romans(spec: str) -> tuple[str, ...]:
    """'Abd Allah Abdullah' style specs: split on spaces, but keep known two-word forms together."""
    words = spec.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("Al", "El", "Abd", "Abdel", "Ben", "Bin", "Abu") and i + 1 < len(words):
            out.append(f"{w} {words[i + 1]}")
            i += 2
            continue
        out.append(w)
        i += 1
    return tuple(out)


def typo(text: str, rng: random.Random) -> str:
    """One keyboard-or-ear error: a dropped, doubled, swapped or replaced letter."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    op = rng.randrange(4)
    if op == 0:
        return text[:i] + text[i + 1 :]
    if op == 1:
        return text[:i] + text[i] + text[i:]
    if op == 2:
        return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]
    vowels = "aeiou"
    if text[i].lower() in vowels:
        return text[:i] + rng.choice(vowels) + text[i + 1 :]
    return text[:i] + text[i + 1 :]


def person_variant(name: TrueName, rng: random.Random, p_original: float = 0.3, p_typo: float = 0.1) -> str:
    """How one record (a bank's KYC file, a report) writes this person's name."""
    if name.script != "Latin" and rng.random() < p_original:
        return name.original
    g = rng.choice(name.given_latin) if name.given_latin else name.given
    f = rng.choice(name.family_latin) if name.family_latin else name.family
    m = ""
    if name.middle_latin and rng.random() < 0.5:
        m = rng.choice(name.middle_latin)
        if rng.random() < 0.3:
            m = m[0] + "."
    r = rng.random()
    if r < 0.15:
        parts = [f.upper() if rng.random() < 0.5 else f, g, m]  # family name first
    elif r < 0.25:
        parts = [g, m, f.upper()]
    else:
        parts = [g, m, f]
    text = " ".join(p for p in parts if p)
    if rng.random() < p_typo:
        text = typo(text, rng)
    if rng.random() < 0.1:
        text = text.upper()
    return text


@dataclass(frozen=True)
class CompanyName:
    core: str
    form: str
    country: str
    original: str = ""  # in Cyrillic/Arabic/Han when registered there

    @property
    def canonical(self) -> str:
        return f"{self.core} {self.form}"


def make_company_name(country: str, rng: random.Random) -> CompanyName:
    core = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_TRADES)}"
    if rng.random() < 0.25:
        core = f"{rng.choice(COMPANY_WORDS)} {core}"
    forms = LEGAL_FORMS.get(country, ("Ltd", "Limited", "LLC"))
    original = ""
    if country == "RU":
        original = f"{rng.choice(RU_COMPANY_PREFIX)} «{core}»"
    elif country in ("AE", "SA", "LB", "IQ", "SY", "YE"):
        original = f"{rng.choice(AR_COMPANY_PREFIX)} {core}"
    return CompanyName(core, forms[0], country, original)


def company_variant(name: CompanyName, rng: random.Random, p_typo: float = 0.08) -> str:
    if name.original and rng.random() < 0.2:
        return name.original
    forms = LEGAL_FORMS.get(name.country, ("Ltd", "Limited", "LLC"))
    r = rng.random()
    if r < 0.15:
        text = name.core
    elif r < 0.3:
        text = f"{name.core} {rng.choice(forms)}"
    else:
        text = name.canonical
    if rng.random() < 0.2:
        text = text.upper()
    if rng.random() < p_typo:
        text = typo(text, rng)
    return text

"""Where the hand labels came from: each article's claims written out by hand, with
UTC intervals computed from the local day/hours with zoneinfo (independently of
`tracker`). Run from the project root to rewrite tests/labels/ and the *.labels.json
files beside tests/articles/. The JSON files are what the tests read."""
import datetime as dt
import json
import pathlib
from zoneinfo import ZoneInfo
RU = ['Europe/Kaliningrad','Asia/Kamchatka']  # widest RU offsets +2 .. +12 (Anadyr also +12)
def day(d, zones, h0=0, h1=24):
    d = dt.date.fromisoformat(d)
    tz = [ZoneInfo(z) if z[0] != '+' and z[0] != '-' else dt.timezone(dt.timedelta(hours=int(z))) for z in zones]
    e = min((dt.datetime.combine(d, dt.time()) + dt.timedelta(hours=h0)).replace(tzinfo=t).astimezone(dt.timezone.utc) for t in tz)
    l = max((dt.datetime.combine(d, dt.time()) + dt.timedelta(hours=h1)).replace(tzinfo=t).astimezone(dt.timezone.utc) for t in tz)
    return [e.strftime('%Y-%m-%dT%H:%M:%SZ'), l.strftime('%Y-%m-%dT%H:%M:%SZ')]
def days(d0, d1, zones):
    return [day(d0, zones)[0], day(d1, zones)[1]]
MOW=['Europe/Moscow']; PY=['Asia/Pyongyang']
def P(text, country, airports=None): return {"text": text, "country": country, "airports_include": airports or []}
L = {}
L['seeds/000_b336a2b47a6b8ba1.txt'] = [
 {"quote": "Російський військовий літак здійснив таємний політ до Пхеньяна 1 серпня, згідно з даними бортових радарів.",
  "destination": P("Пхеньяна","KP",["ZKPY"]), "arrival": day("2023-08-01", PY), "attributed_to": ["Daily Beast"], "trip": "a"},
 {"quote": "Рейс RFF7203 вилетів з Москви 31 липня і приземлився в Північній Кореї, згідно з картами польотів шведської системи відстеження польотів Flightradar24.",
  "callsign": "RFF7203", "origin": P("Москви","RU",["UUEE","UUDD","UUWW","UUBW"]), "departure": day("2023-07-31", MOW),
  "destination": P("Північній Кореї","KP",["ZKPY"]), "attributed_to": ["Flightradar24","Daily Beast"], "trip": "a"},
 {"quote": "Літак Іл-62М ВПС Росії — тип літака, який використовується для військових делегацій — перебував на землі приблизно 36 годин, за даними NK News, який першим повідомив про цю секретну поїздку.",
  "aircraft_type": "IL62", "dwell_hours": [30.6, 41.4], "attributed_to": ["NK News","Daily Beast"], "trip": "a"},
]
L['seeds/001_afffacfbc2601252.txt'] = [
 {"quote": "Російський військовий VIP-літак приземлився в Пхеньяні цього тижня, через кілька днів після того, як північнокорейський лідер Кім Чен Ин здійснив рідкісну поїздку до свого сусіда для переговорів, які, ймовірно, були зосереджені на постачанні зброї.",
  "destination": P("Пхеньяні","KP",["ZKPY"]), "arrival": days("2023-09-25","2023-09-28", PY), "attributed_to": ["Bloomberg"], "hedged": False, "trip": "a"},
 {"quote": "Дані відстеження FlightRadar24 показують, що Іл-62М ВПС Росії вилетів із Москви до Пхеньяну і прибув у вівторок вранці.",
  "aircraft_type": "IL62", "origin": P("Москви","RU",["UUEE"]), "destination": P("Пхеньяну","KP",["ZKPY"]),
  "arrival": day("2023-09-26", PY, 5, 12), "attributed_to": ["Flightradar24","Bloomberg"], "trip": "a"},
 {"quote": "Бортовий номер літака вказує на те, що це був той самий літак, який Росія відправила до Північної Кореї в серпні, лише через кілька днів після того, як міністр оборони Сергій Шойгу вирушив до Пхеньяна, де Кім показав йому озброєння.",
  "destination": P("Північної Кореї","KP",["ZKPY"]), "arrival": days("2023-08-01","2023-08-31", PY), "attributed_to": ["Bloomberg"], "trip": "b"},
 {"quote": "Дані FlightRadar24 також вказують на те, що літак повернувся до Росії у четвер після дводенного перебування на землі у Північній Кореї.",
  "origin": P("Північній Кореї","KP",["ZKPY"]), "destination": P("Росії","RU",["UUEE"]), "arrival": day("2023-09-28", RU),
  "dwell_hours": [36, 60], "attributed_to": ["Flightradar24","Bloomberg"], "trip": "a"},
]
for s in ("002_5a34058cff188202", "003_7d1a205a05808bce", "004_f8cc065154d3117b"):
    L[f'seeds/{s}.txt'] = []
A='tests/articles/'
L[A+'uk_01.txt'] = [
 {"quote": "Літак Ту-214ПУ з реєстраційним номером РА-64520 вилетів з Москви у вівторок о 22:40 за московським часом, свідчать дані Flightradar24.",
  "aircraft_type": "T204", "registration": "RA-64520", "origin": P("Москви","RU",["UUEE"]),
  "departure": day("2024-06-18", MOW, 22+40/60, 22+41/60), "attributed_to": ["Flightradar24"], "trip": "a"},
 {"quote": "Борт приземлився в Пхеньяні у середу вранці за місцевим часом.",
  "destination": P("Пхеньяні","KP",["ZKPY"]), "arrival": day("2024-06-19", PY, 5, 12), "trip": "a"},
 {"quote": "За даними NK News, літак перебував на землі приблизно 30 годин.",
  "dwell_hours": [25.5, 34.5], "attributed_to": ["NK News"], "trip": "a"},
]
L[A+'uk_02.txt'] = [
 {"quote": "Літак Іл-96-300, ймовірно, вилетів з Москви до Тегерана 1 листопада.",
  "aircraft_type": "IL96", "origin": P("Москви","RU",["UUEE"]), "destination": P("Тегерана","IR",["OIIE"]),
  "departure": day("2023-11-01", MOW), "hedged": True, "trip": "a"},
 {"quote": "За даними Flightradar24, літак приземлився в Тегерані 1 листопада ввечері.",
  "destination": P("Тегерані","IR",["OIIE"]), "arrival": day("2023-11-01", ['Asia/Tehran'], 18, 24), "attributed_to": ["Flightradar24"], "trip": "a"},
 {"quote": "Натомість ADS-B Exchange показує, що посадка борту відбулася лише 2 листопада.",
  "arrival": day("2023-11-02", ['+14','-12']), "attributed_to": ["ADS-B Exchange"], "trip": "a"},
]
L[A+'uk_03.txt'] = [
 {"quote": "Літак Іл-62М вилетів із Владивостока у понеділок вранці.",
  "aircraft_type": "IL62", "origin": P("Владивостока","RU",["UHWW"]), "trip": "a", "notes_contain": "no publication date"},
 {"quote": "Рейс RSD001 приземлився у Пхеньяні 3 березня 2024 року о 14:05 за корейським часом.",
  "callsign": "RSD001", "destination": P("Пхеньяні","KP",["ZKPY"]), "arrival": day("2024-03-03", PY, 14+5/60, 14+6/60), "trip": "a"},
]
L[A+'ru_01.txt'] = [
 {"quote": "Самолёт Ил-62М с бортовым номером РА-86559 вылетел из Москвы во вторник в 9:30 по московскому времени.",
  "aircraft_type": "IL62", "registration": "RA-86559", "origin": P("Москвы","RU",["UUEE"]), "departure": day("2023-09-12", MOW, 9.5, 9.5+1/60), "trip": "a"},
 {"quote": "По данным Flightradar24, борт приземлился во Владивостоке вечером того же дня.",
  "destination": P("Владивостоке","RU",["UHWW"]), "arrival": day("2023-09-12", ['Asia/Vladivostok'], 18, 24), "attributed_to": ["Flightradar24"], "trip": "a"},
 {"quote": "Самолет пробыл на земле около двух суток.", "dwell_hours": [36, 60], "trip": "a"},
]
L[A+'ru_02.txt'] = [
 {"quote": "Вчера утром Ту-154М вылетел из Минска в Пхеньян.",
  "aircraft_type": "T154", "origin": P("Минска","BY",["UMMS"]), "destination": P("Пхеньян","KP",["ZKPY"]),
  "departure": day("2024-01-15", ['Europe/Minsk'], 5, 12), "attributed_to": ["Reuters"], "trip": "a"},
 {"quote": "Самолет, возможно, совершил посадку в Пхеньяне 15 января около 16:00 по пекинскому времени.",
  "destination": P("Пхеньяне","KP",["ZKPY"]), "arrival": day("2024-01-15", ['Asia/Shanghai'], 15.5, 16.5), "hedged": True, "attributed_to": ["Reuters"], "trip": "a"},
]
L[A+'en_01.txt'] = [
 {"quote": "A Russian Air Force Il-62M, flight RFF7203, left Moscow on July 31 and landed in Pyongyang on August 1 after 8 a.m. China time, according to Flightradar24.",
  "aircraft_type": "IL62", "callsign": "RFF7203", "origin": P("Moscow","RU",["UUEE"]), "destination": P("Pyongyang","KP",["ZKPY"]),
  "departure": day("2023-07-31", MOW), "arrival": day("2023-08-01", ['Asia/Shanghai'], 8, 24), "attributed_to": ["Flightradar24"], "trip": "a"},
 {"quote": "The jet stayed on the ground for about 36 hours, NK News reported.", "dwell_hours": [30.6, 41.4], "attributed_to": ["NK News"], "trip": "a"},
 {"quote": "The aircraft returned to Moscow on Thursday.", "destination": P("Moscow","RU",["UUEE"]), "arrival": day("2023-08-03", MOW), "trip": "a"},
]
L[A+'en_02.txt'] = [
 {"quote": "A US Air Force C-40C departed from Seoul for Beijing on Wednesday evening.",
  "aircraft_type": "B737", "origin": P("Seoul","KR",["RKSS"]), "destination": P("Beijing","CN",["ZBAA"]),
  "departure": day("2024-05-08", ['Asia/Seoul'], 18, 24), "trip": "a"},
 {"quote": "The plane touched down in Beijing at 21:10 local time on Wednesday.",
  "destination": P("Beijing","CN",["ZBAA"]), "arrival": day("2024-05-08", ['Asia/Shanghai'], 21+10/60, 21+11/60), "trip": "a"},
 {"quote": "Separately, an Airbus A350-900 of the Chinese government may have flown to Pyongyang, according to unconfirmed reports.",
  "aircraft_type": "A359", "destination": P("Pyongyang","KP",["ZKPY"]), "hedged": True, "trip": "b"},
]
L[A+'en_03.html'] = [
 {"quote": "A Russian Air Force Tu-214PU, registration RA-64529, departed from Moscow on Monday after 11 p.m. Moscow time, Flightradar24 data show.",
  "aircraft_type": "T204", "registration": "RA-64529", "origin": P("Moscow","RU",["UUEE"]), "departure": day("2023-09-25", MOW, 23, 24),
  "attributed_to": ["Flightradar24"], "trip": "a"},
 {"quote": "The aircraft landed in Pyongyang on Tuesday morning and remained on the ground for about two days, according to NK News.",
  "destination": P("Pyongyang","KP",["ZKPY"]), "arrival": day("2023-09-26", PY, 5, 12), "dwell_hours": [36, 60], "attributed_to": ["NK News"], "trip": "a"},
]
H=A+'heldout/'
L[H+'uk_h1.txt'] = [
 {"quote": "Російський Іл-62М з бортовим номером RA-86540 прилетів до Пхеньяна вчора ввечері, повідомляє NK News.",
  "aircraft_type": "IL62", "registration": "RA-86540", "destination": P("Пхеньяна","KP",["ZKPY"]), "arrival": day("2023-09-14", PY, 18, 24),
  "attributed_to": ["NK News"], "trip": "a"},
 {"quote": "Рейс RFF7079 вилетів з Москви 13 вересня.", "callsign": "RFF7079", "origin": P("Москви","RU",["UUEE"]), "departure": day("2023-09-13", MOW), "trip": "a"},
 {"quote": "За даними Flightradar24, літак простояв на землі близько 20 годин і в п'ятницю вирушить назад.",
  "dwell_hours": [17, 23], "attributed_to": ["Flightradar24"], "trip": "a"},
]
L[H+'ru_h1.txt'] = [
 {"quote": "Самолёт Ту-214 вылетел из Москвы в Пхеньян в понедельник.",
  "aircraft_type": "T204", "origin": P("Москвы","RU",["UUEE"]), "destination": P("Пхеньян","KP",["ZKPY"]), "departure": day("2023-07-31", MOW),
  "attributed_to": ["NK News"], "trip": "a"},
 {"quote": "По данным Flightradar24, самолет приземлился в Пхеньяне 1 августа около 13:00 по корейскому времени.",
  "destination": P("Пхеньяне","KP",["ZKPY"]), "arrival": day("2023-08-01", PY, 12.5, 13.5), "attributed_to": ["Flightradar24","NK News"], "trip": "a"},
 {"quote": "Предположительно, борт пробыл на земле более 30 часов.", "dwell_hours": [30, None], "hedged": True, "attributed_to": ["NK News"], "trip": "a"},
]
L[H+'en_h1.txt'] = [
 {"quote": "A Russian government plane landed in Pyongyang this week, Bloomberg reported.",
  "destination": P("Pyongyang","KP",["ZKPY"]), "arrival": days("2023-09-25","2023-09-28", PY), "attributed_to": ["Bloomberg"], "trip": "a"},
 {"quote": "Flightradar24 data show the Il-62M left Moscow and arrived in Pyongyang on Tuesday morning.",
  "aircraft_type": "IL62", "origin": P("Moscow","RU",["UUEE"]), "destination": P("Pyongyang","KP",["ZKPY"]), "arrival": day("2023-09-26", PY, 5, 12),
  "attributed_to": ["Flightradar24"], "trip": "a"},
 {"quote": "The aircraft returned to Russia on Thursday after a two-day stay on the ground in North Korea.",
  "origin": P("North Korea","KP",["ZKPY"]), "destination": P("Russia","RU",["UUEE"]), "arrival": day("2023-09-28", RU), "dwell_hours": [36, 60], "trip": "a"},
]
L[H+'uk_h2.txt'] = [
 {"quote": "Президентський Іл-96-300ПУ здійснив посадку в аеропорту Пхеньяна пізно ввечері 18 червня, повідомляє Yonhap.",
  "aircraft_type": "IL96", "destination": P("Пхеньяна","KP",["ZKPY"]), "arrival": day("2024-06-18", PY, 18, 24), "attributed_to": ["Yonhap"], "trip": "a"},
 {"quote": "Перед цим літак Ту-214СР вилетів із Внукова.", "aircraft_type": "T204", "origin": P("Внукова","RU",["UUWW"]), "trip": "b"},
 {"quote": "За даними Flightradar24, Іл-96-300ПУ простояв у Пхеньяні близько доби, а 20 червня о 3:15 за київським часом вилетів назад до Москви.",
  "aircraft_type": "IL96", "origin": P("Пхеньяні","KP",["ZKPY"]), "destination": P("Москви","RU",["UUEE"]), "dwell_hours": [12, 36],
  "departure": day("2024-06-20", ['Europe/Kyiv'], 3.25, 3.25+1/60), "attributed_to": ["Flightradar24"], "trip": "a"},
]
L[H+'ru_h2.txt'] = [
 {"quote": "В среду, 13 сентября, самолёт Ил-62М ВКС России (бортовой номер RA-86496) приземлился в аэропорту Владивостока.",
  "aircraft_type": "IL62", "registration": "RA-86496", "destination": P("Владивостока","RU",["UHWW"]), "arrival": day("2023-09-13", ['Asia/Vladivostok']), "trip": "a"},
 {"quote": "По информации NK News, борт вылетел из Пхеньяна примерно в 10:00 по местному времени.",
  "origin": P("Пхеньяна","KP",["ZKPY"]), "attributed_to": ["NK News"], "trip": "a"},
]
L[H+'en_h2.txt'] = [
 {"quote": "Flight-tracking data reviewed by Reuters show that a Tu-214 registered RA-64531 flew from Moscow to Pyongyang overnight on Feb. 6.",
  "aircraft_type": "T204", "registration": "RA-64531", "origin": P("Moscow","RU",["UUEE"]), "destination": P("Pyongyang","KP",["ZKPY"]),
  "arrival": day("2024-02-06", PY, 0, 5), "attributed_to": ["Reuters"], "trip": "a"},
 {"quote": "The aircraft spent roughly 40 hours on the ground before heading back.", "dwell_hours": [34, 46], "trip": "a"},
]
L[H+'uk_h3.txt'] = [
 {"quote": "Спецборт «Росія» з Лавровим на борту прибув до Пхеньяна в середу, 18 жовтня.",
  "destination": P("Пхеньяна","KP",["ZKPY"]), "arrival": day("2023-10-18", PY), "trip": "a"},
 {"quote": "Літак Іл-96-300 авіазагону «Росія» вилетів з аеропорту Внуково близько 02:00 за московським часом.",
  "aircraft_type": "IL96", "origin": P("Внуково","RU",["UUWW"]), "trip": "a"},
]
L[H+'ru_h3.txt'] = [
 {"quote": "Самолет Путина Ил-96-300ПУ приземлился в Пхеньяне в ночь на 19 июня.",
  "aircraft_type": "IL96", "destination": P("Пхеньяне","KP",["ZKPY"]), "arrival": day("2024-06-19", PY), "trip": "a"},
 {"quote": "Перед этим, 18 июня, президентский борт вылетел из Якутска.",
  "origin": P("Якутска","RU",["UEEE"]), "departure": day("2024-06-18", ['Asia/Yakutsk']), "trip": "a"},
 {"quote": "По данным Flightradar24, в Пхеньяне самолёт пробыл менее суток.",
  "destination": P("Пхеньяне","KP",["ZKPY"]), "dwell_hours": [0, 24], "attributed_to": ["Flightradar24"], "trip": "a"},
 {"quote": "Затем борт вылетел во Вьетнам.", "destination": P("Вьетнам","VN",[]), "trip": "a"},
]
L[H+'en_h3.txt'] = [
 {"quote": "Meanwhile an Air Koryo Tu-204, flight JS151, departed Pyongyang Sunan at 10:40 local time on Wednesday and reached Vladivostok about two hours later.",
  "aircraft_type": "T204", "origin": P("Pyongyang","KP",["ZKPY"]), "destination": P("Vladivostok","RU",["UHWW"]),
  "departure": day("2023-09-13", PY, 10+40/60, 10+41/60), "trip": "a"},
 {"quote": "According to FlightAware, a Russian Il-62M also landed at Vladivostok's Knevichi airport on Thursday.",
  "aircraft_type": "IL62", "destination": P("Vladivostok's","RU",["UHWW"]), "arrival": day("2023-09-14", ['Asia/Vladivostok']),
  "attributed_to": ["FlightAware"], "trip": "b"},
]
L[H+'uk_h4.txt'] = [
 {"quote": "У понеділок, 9 вересня, о 14:20 за київським часом з аеродрому Чкаловський злетів Іл-62М з бортовим номером RA-86561.",
  "aircraft_type": "IL62", "registration": "RA-86561", "origin": P("Чкаловський","RU",["UUMU"]),
  "departure": day("2024-09-09", ['Europe/Kyiv'], 14+20/60, 14+21/60), "trip": "a"},
 {"quote": "Через дев'ять годин літак сів у Пхеньяні.", "destination": P("Пхеньяні","KP",["ZKPY"]), "trip": "a"},
 {"quote": "Літак залишався в КНДР до середи.", "destination": P("КНДР","KP",["ZKPY"]), "trip": "a"},
]
L[H+'ru_h4.txt'] = [
 {"quote": "Делегация во главе с Шойгу прибыла в Пхеньян 25 июля на самолёте Ту-214.",
  "aircraft_type": "T204", "destination": P("Пхеньян","KP",["ZKPY"]), "arrival": day("2023-07-25", PY), "trip": "a"},
 {"quote": "Самолет с российскими военными приземлился в международном аэропорту Сунан.",
  "destination": P("Сунан","KP",["ZKPY"]), "trip": "a"},
 {"quote": "Обратно делегация вылетела 27 июля.", "departure": day("2023-07-27", ['+14','-12']), "trip": "a"},
]
L[H+'en_h4.txt'] = [
 {"quote": "On Tuesday, a Russian Ilyushin Il-96 operated by the Special Flight Detachment touched down at Pyongyang at 3:45 p.m. local time, NK Pro reported.",
  "aircraft_type": "IL96", "destination": P("Pyongyang","KP",["ZKPY"]), "arrival": day("2023-11-21", PY, 15.75, 15.75+1/60),
  "attributed_to": ["NK News"], "trip": "a"},
 {"quote": "It left Pyongyang for Moscow roughly 30 hours later.", "origin": P("Pyongyang","KP",["ZKPY"]),
  "destination": P("Moscow","RU",["UUEE"]), "trip": "a"},
]
L[H+'uk_h5.txt'] = [
 {"quote": "У середу ввечері Ту-154 Міноборони Росії приземлився у Владивостоці, свідчать дані сервісу ADS-B Exchange.",
  "aircraft_type": "T154", "destination": P("Владивостоці","RU",["UHWW"]), "arrival": day("2023-09-06", ['Asia/Vladivostok'], 18, 24),
  "attributed_to": ["ADS-B Exchange"], "trip": "a"},
 {"quote": "Напередодні борт вилетів з Новосибірська.", "origin": P("Новосибірська","RU",["UNNT"]),
  "departure": day("2023-09-05", ['Asia/Novosibirsk']), "trip": "a"},
 {"quote": "Літак пробув у Владивостоці півтори доби, після чого повернувся до Москви.",
  "origin": P("Владивостоці","RU",["UHWW"]), "destination": P("Москви","RU",["UUEE"]), "dwell_hours": [24, 48], "trip": "a"},
]
L[H+'ru_h5.txt'] = [
 {"quote": "Борт номер один, Ил-96-300ПУ, совершил посадку в Минске в четверг около 11:00 по московскому времени.",
  "aircraft_type": "IL96", "destination": P("Минске","BY",["UMMS"]), "arrival": day("2024-03-21", MOW, 10.5, 11.5), "trip": "a"},
 {"quote": "По данным белорусских СМИ, самолет находился на земле около пяти часов.", "dwell_hours": [4, 6], "trip": "a"},
]
L[H+'en_h5.txt'] = [
 {"quote": "A Chinese Air Force Y-20 transport flew into Moscow's Vnukovo airport on Wednesday, July 26, according to ADS-B Exchange data.",
  "destination": P("Moscow's","RU",["UUWW"]), "arrival": day("2023-07-26", MOW), "attributed_to": ["ADS-B Exchange"], "trip": "a"},
]
L[H+'uk_h6.txt'] = [
 {"quote": "Можливо, вчора вночі до Пхеньяна прилетів ще один російський літак, пишуть корейські ЗМІ.",
  "destination": P("Пхеньяна","KP",["ZKPY"]), "arrival": day("2023-11-09", PY, 0, 5), "hedged": True, "trip": "a"},
 {"quote": "Водночас за даними NK News, Іл-62М приземлився в Пхеньяні 8 листопада о 23:50 за місцевим часом.",
  "aircraft_type": "IL62", "destination": P("Пхеньяні","KP",["ZKPY"]), "arrival": day("2023-11-08", PY, 23+50/60, 23+51/60),
  "attributed_to": ["NK News"], "trip": "a"},
]
L[H+'ru_h6.txt'] = [
 {"quote": "Его самолет Ил-96 вылетел из Внуково 18 октября в 16:10 мск.",
  "aircraft_type": "IL96", "origin": P("Внуково","RU",["UUWW"]), "departure": day("2023-10-18", MOW, 16+10/60, 16+11/60), "trip": "a"},
 {"quote": "Самолет приземлился в Пхеньяне спустя восемь с половиной часов.", "destination": P("Пхеньяне","KP",["ZKPY"]), "trip": "a"},
]
L[H+'en_h6.txt'] = [
 {"quote": "Flight data showed the Tu-214PU RA-64517 departing Vnukovo at 06:15 UTC on 14 March 2024.",
  "aircraft_type": "T204", "registration": "RA-64517", "origin": P("Vnukovo","RU",["UUWW"]),
  "departure": day("2024-03-14", ['UTC'], 6.25, 6.25+1/60), "trip": "a"},
 {"quote": "It landed in Pyongyang later that day.", "destination": P("Pyongyang","KP",["ZKPY"]), "arrival": day("2024-03-14", PY), "trip": "a"},
 {"quote": "The aircraft is believed to have stayed for two days.", "dwell_hours": [36, 60], "hedged": True, "trip": "a"},
]

for path, claims in L.items():
    p = pathlib.Path(path)
    out = p.with_name(p.stem + '.labels.json') if not path.startswith('seeds/') else pathlib.Path('tests/labels') / (p.stem + '.labels.json')
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"article": p.name, "written_by": "hand-labelled by the tracker developers", "claims": claims}, ensure_ascii=False, indent=1) + "\n")
    print(out)

"""Latin spellings of Russian, Ukrainian and Belarusian names read back into canonical-key letters.

One rule table covers the romanization systems at once (English/BGN, Library of Congress, ICAO, ISO 9 and
scholarly, German Duden, French, Polish, Czech, Ukrainian national) and the German camp clerks who wrote
by ear.  A word is cut into segments by longest match; each segment has one or more *readings* with a
cost, because the system is unknown: ``ch`` is ч to an Englishman (Chernov), х to a German (Michailow) and
ш to a Frenchman (Chostakovitch).  The cheapest combinations of readings are the word's keys.

Costs are lowered for readings of the system the word itself betrays (``w`` or ``sch`` says German, so
``z`` in Kusnezow is read ц; ``ou`` says French, so ``j`` in Joukov is read ж): a *hint*.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A reading: key letters, cost, systems whose hint makes it cheaper.
Reading = tuple[str, float, frozenset[str]]

HINT_BONUS = 1.0
# A cost written "!c" is a reading only the word's own system has (Hungarian s is ш): absent unless the word
# betrays that system, then costing c. Marked by this pseudo-system among the reading's systems.
HINT_ONLY = "!"
BEAM = 16  # partial readings kept per segment; exact for the 8 cheapest, with room for folding collisions

# pattern  context  readings ("letters:cost:systems", "-" = nothing; a cost "!c": only under the systems'
# hint).  The first line of a pattern whose context holds is used.  Context "L_R": L is ^ (word start), V
# (after a vowel) or C (after a consonant); S (after ж ч ш щ); R is $ (word end), V or C (before one), or I
# (before a soft i or e); "*" is anywhere.
_TABLE = """
# щ: German schtsch, French chtch, Polish szcz, English shch, ISO ŝ, scholarly šč, GOST 7.79-B shh
schtsch *   w
chtch   *   w
szcz    *   w
shtsh   *   w
shch    *   w
šč      *   w
štš     *   w
ŝ       *   w
# Turkish and Azerbaijani şç, Romanian șc before a soft vowel or șci before another (Kruşçev, Hrușciov)
şç      *   w
șci     _V  w
şci     _V  w
șc      _I  w
şc      _I  w
shh     *   w
# щ: Dutch sjtsj, Swedish and Norwegian sjtj, Hungarian scs (Chroesjtsjov, Chrusjtjov, Hruscsov = Хрущёв)
sjtsj   *   w
sjtj    *   w
scs     *   w
# Dutch and Scandinavian sj zj tsj tj are ш ж ч ч (Poesjkin, Chroesjtsjov, Tsjaikovski, Sjostakovitj);
# elsewhere s or z and й. Before a vowel sj is German сё, ся, сю (Osjorow = Озёров), read as s and jo.
sjo     ^_  se ze:1:de sio:0.6 wo:!0:nl
sj      _C  si zi:1.2:de w:!0:nl
sj      _$  si zi:1.2:de w:!0:nl
zj      ^_V zi ci:0.9:de j:!0:nl
zj      _C  zi ci:0.9:de j:!0:nl
zj      _$  zi ci:0.9:de j:!0:nl
tsj     *   ci tsi:0.3 tzi:0.3:de tw:1 q:!0:nl
# (tj only at the end: before a vowel it is German тё тя тю, Artjomow = Артёмов, read as t and jo; at the
# start before a or u also, less likely, the Swedish ч: Tjajkovskij = Чайковский, Tjurin = Тюрин first)
tj      _$  ti q:!0:nl
tja     ^_  tia qa:1
tju     ^_  tiu qu:1
# Hungarian cs zs are ч ж (Csajkovszkij, Zsukov); sz is с (Szolzsenyicin), s alone ш; ny before a vowel нь
cs      *   q cs:1
zs      *   j zs:1
ny      _V  ni n:!0:hu
# дж: German dsch (Dschugaschwili), English dzh, Duden dsh, French dj, Polish dż, Czech dž
# German d+sch is д+ш as often (Podschiwalow = Подшивалов)
dsch    *   dj dw:0.6
dzh     *   dj
# ... but English dsh is д+ш (Podshivalov)
dsh     *   dj dw:0.5:en
dż      *   dj
dž      *   dj
# dj before a vowel is дь+я in German and ISO (Podjatschew, Radjuk), дж in French (Djougachvili);
# djo is also дё, as jo after any other consonant (Djomin = Дёмин, Budjonny = Будённый)
djou    *   dju diu:0.6
djo     *   de dio:0.6 djo:0.6:fr
dj      _V  di dj:0.6:fr
dj      *   dj
# ч: German tsch, French tch, Polish cz (also ц in GOST 7.79-B: Kuzneczov), Serbo-Croatian ć
# a clerk by ear also wrote щ as stsch (Chrustschow) and т+ш as tsch (Muchametschin)
stsch   *   w sq:0.5
tsch    *   q tw:1
tch     *   q tq:0.9:ka tw:1.2 th:1:de
cz      *   q c:1.2
# Polish tcz is т+ч (Kotczenko = Котченко), not GOST's tc for ц
tcz     *   tq
č       *   q
# Czech ď ť ň are дь ть нь: before a vowel the я ё ю of the Russian spelling (Chuďakov = Худяков)
ď       _V  di
ď       *   d
ť       _V  ti
ť       *   t
ň       _V  ni
ň       *   n
ć       *   q t:0.8
ç       *   q s:0.8
# ш and ж: German sch is ш, and in Duden also ж (Schukow = Жуков, Pogoschew = Погожев): nearly as likely
# s+ch is с+х in Tatar names (Ischakow = Исхаков)
sch     *   w j:0.4 sh:1
# German s+z is з+ц or с+ц (Obraszow = Образцов)
sz      *   w s:1.2 s:!-0.2:hu zc:0.8:de sc:1:de
# Polish t+sz is т+ш (Achmietszyn = Ахметшин)
tsz     *   tw
# English sh is ш; German Duden sh is ж (Shukow = Жуков)
sh      *   w j:0.9:de sh:1.5
š       *   w
ş       *   w
ș       *   w
zh      *   j
ž       *   j
ż       *   j
# Polish rz is ж, but in every other system р+з (Borzow)
rz      *   rz j:0.9:pl rj:1 rc:0.9:de
# English rzh is р+ж (Dzerzhinsky, Katarzhnov), not Polish rz and an h
rzh     *   rj
ź       *   z
ś       *   s
# х: English kh, German/Czech/Polish ch, ISO h, scholarly x; English ch is ч, French ch is ш
kh      *   h kh:1.5
# ch before a consonant is ч in English (Bychkov), х in German (Chruschtschow)
# -ich is -ич in every system that writes ch for ч (Mackevich); German writes -itsch, Polish -icz
ich     _$  iq ih:0.6:de,cs
ch      ^_V q:0:en h:0.7:de,pl,cs,nl w:0.9:fr
ch      _C  q h:0.4:de,pl,cs,nl w:0.9:fr
ch      _$  q h:0.6:de,pl,cs,nl w:0.9:fr
ch      *   q h:0.5:de,pl,cs,nl w:0.9:fr
# Georgian ღ and Armenian ղ are gh in English (Jughashvili) and г in Russian
gh      *   g gh:1.5
# Ukrainian national h is г (Hryhorii = Григорий), and so is Azerbaijani h, so much so that a word written
# in Azerbaijani reads it г first (Həsənov = Гасанов, Hacıyev = Гаджиев; Хасанов is a Tatar's Hasanov)
h       V_$ h g:1.5
# Armenian h between vowels is dropped or г in the Russian spelling (Sahakyan = Саакян, Vahanian = Ваганян)
h       V_V h g:0.9:ua,by,ka g:!-0.6:az -:0.8:ka
h       *   h g:0.9:ua,by g:!-0.6:az
# -ых and -их are far more common than -кс at the end of a name (Chernyx = Черных)
x       V_$ h ks:0.4
x       *   ks h:1:cs
# ц: German z and tz, English ts, GOST 52535 tc, Polish/Czech/ISO c
# German tz is ц (Schultz), English tz is т+з (Akhmetzyanov)
tz      *   c tz:0.6:en
# At the start of a word tsh is ч (Tshernow, Tshaikovsky): a name beginning with т+ш is rare
tsh     ^_  q tw:0.8
# English tsh is т+ш (Akhmetshin), not ц+х
# ... except at the end, where it is a clerk's -itsh for -ич (Jwankowitsh)
tsh     _$  q tw:0.8
tsh     *   tw q:0.8
# Belarusian ц and дз are the т and д of the Russian spelling before a soft vowel (цеканне: Cimafiejeŭ =
# Тимофеев, Tsimafeyeu; дзеканне: Uladzimir = Владимир)
ts      _I  c ts:0.7 t:0.9:by
ts      *   c ts:0.7
dz      _I  dz d:0.9:by dc:0.5:de
# German d+z is д+ц (Zaregorodzew = Царегородцев)
dz      *   dz dc:0.5:de
# Georgian -дзе as a German clerk heard it (Nadiratse, Nadiradse = Надирадзе)
tse     _$  ce dze:0.5
dse     _$  dze
tc      *   c
# ck in a Russian name is ц+к (Mackevič, Savickij), in a careless German one к
ck      *   ck k:0.5
# English c before t, r, l is к (Victor); elsewhere c is ц (Cvetkov, Kuzniecow) or English к (Nicolai)
ct      *   kt ct:0.6:pl,cs
cr      *   kr cr:0.6:pl,cs
cl      *   kl cl:0.6:pl,cs
# Azerbaijani ə is the а or the е of the Russian spelling (Əliyev = Алиев, Məmmədov = Мамедов), at the end
# mostly е (Rasulzadə = Расулзаде)
ə       _$  e a:0.4
ə       *   a e:0.4
# Azerbaijani and Turkish c is дж (Cəfərov = Джафаров, Hacıyev = Гаджиев), told by their letters ə ğ ı,
# which have no ц
# Romanian and Moldovan ci before a vowel is ч (Ciobanu = Чобану), c before a, o, u к (Cojocaru)
ci      _V  ci ki:1.2 dji:1 dji:!-0.6:az q:1:ro,it ti:0.9:by
ci      *   ci ki:1.2 dji:1 dji:!-0.6:az qi:1.2:ro ti:0.9:by
c       _V  c k:0.8:ro dj:1 dj:!-0.6:az q:1.2:ro
c       *   c k:1.2 dj:1 dj:!-0.6:az
# Azerbaijani q is к, or х and г in the Russian spelling (Quliyev = Кулиев, Sadıqov = Садыхов, Садыгов);
# at the start of a word г as often as к (Qurbanov = Гурбанов, Qasımov = Гасымов), though the Uzbek and
# Kazakh q there is к (Qodirov = Кадыров)
q       ^_  k g:0.8 g:!0.1:az
q       *   k h:!0.3:az g:!0.4:az
ţ       *   c
ț       *   c
# з and с: German s is з between vowels and often before them (Sacharow, Kusnezow); ss is с (Wlassow)
ss      *   s
# Telegram and Italian sc is щ or ш before a vowel (Scerbakov, Krusciov = Хрущёв)
# Belarusian sc before a vowel is сц, the Russian ст (Kasciuk = Костюк, Sciapan = Степан)
# Italian scio is шё or щё (Krusciov = Хрущёв)
scio    *   scio wio:1 we:!0:it wo:!0.2:it
sc      _V  sc w:1:it st:1:by
sc      _$  sc w:1
ß       *   s
s       V_V s z:0.7:de w:!0.2:hu
s       ^_V s z:1:de w:!0.2:hu
s       *   s z:1.2:de w:!0.2:hu
# German z is ц (Kusnezow, Zwetkow)
z       *   z c:0.9:de
# в: German/Polish w; -off and -of are the old French and German spellings of -ов (Iwanoff)
w       *   v
ff      V_$ v f:0.5
ff      *   f
f       V_$ f v:0.8
f       *   f
ph      *   f ph:1.5
th      *   t th:0.5
# ю, я, ё, й: French iou/you, German/Polish/Czech j (Jelena, Juri, Sergej, Jwanow: J for И)
you     *   iu
# Belarusian -iou/-ioŭ is the Russian -ёв (Kavaliou = Ковалёв), French iou is ю
iou     _$  iu ev:0.5:by iov:0.7:by
iou     *   iu
jou     *   iu ju:0.5:fr
yo      C_  e io:0.6
jo      C_  e io:0.6 jo:1.2:fr,ro djo:1.1:en,ka
yë      C_  e io:0.6
jë      C_  e io:0.6
yo      *   io e:0.8
jo      *   io e:0.8 jo:1.2:fr,ro djo:1.1:en,ka
yë      *   io e:0.8
jë      *   io e:0.8
io      C_  io e:0.8
# French io at the start before a consonant is ё (Iolkine = Ёлкин)
io      ^_C io e:0.6
# Belarusian writes the unstressed е as я (яканне: Piatroŭ = Петров, Siamionaŭ = Семёнов)
ia      C_  ia e:1:by
# ICAO writes ъ as ie: Podieiachev = Подъячев
ie      C_V ie -:0.8
j       ^_C i j:0.8:fr h:!0:es
# English j is дж, mostly in Caucasian names (Jughashvili), French j is ж (Jukov)
j       _V  i dj:1.1:en,ka j:1.2:fr,ro h:!0:es
j       _$  i
# Czech and Polish j before a consonant is й (Bojko = Бойко), French j is ж (Rojkov = Рожков)
# a German clerk's j between consonants is the soft sign (Myljnikow = Мыльников)
j       C_C i -:0.3 j:0.8:fr
j       *   i j:0.8:fr
# French yj before a consonant is ыж (Ryjkov = Рыжков): ый before a consonant is rare in Russian names (the
# name data has ыж+consonant 1,532 times, ый+consonant 15), so the French reading comes first
yj      _C  ij ii:0.7
# GOST 16876-71 writes й as jj (Majjorov)
jj      *   i
y       *   i
# French ou is у (Koutouzov); gue/gui is ге/ги (Sergueev); a final -e after a consonant is mute (Poutine)
ou      _$  u ou:0.6 ov:0.3:by
ou      *   u ou:0.6
gue     *   ge gue:0.5
gui     *   gi gui:0.5
# Dutch oe is у (Poesjkin = Пушкин)
oe      *   oe u:!0:nl
# German ue is ü (Mueller = Müller)
ue      C_  ue u:0.6 i:0.8
e       C_$ e -:0.7:fr
# German ei is also ай in the Russian spelling (Weinberg = Вайнберг), less often than ей (Sergeiew)
ei      *   ei ai:1.6:de
# Czech women's -ová follows the men's form (Kotovová, Muchinová = Котова, Мухина)
ovova   _$  ova ovova:0.5
evova   _$  eva evova:0.5
inova   _$  ina inova:0.5
# ISO 9 â û are я ю (Ûliâ)
â       *   ia a:0.5
û       *   iu u:0.5
# German ü is ю or и in the Russian spelling (Müller = Мюллер, Миллер)
ü       *   u iu:0.5 i:0.8
ö       *   e o:0.5
ä       *   a e:0.5
ó       *   o u:0.8
# Estonian õ is the ы of the Russian spelling (Rõžkov = Рыжков)
õ       *   i o:0.3
o       S_  o e:0.4
# Lithuanian writes u after a hushing letter iu (Ščiukinas = Щукин); Russian has no шю in names
iu      S_  u iu:0.5
ł       *   l
# Polish ą ę are ом/он, ем/ен in the Russian spelling (Dąbrowski = Домбровский)
ą       *   om on:0.1 o:0.5
ę       *   em en:0.1 e:0.5
# ... and an English keyboard drops the ogonek: Dabrowski is Dąbrowski (Домбровский)
ab      C_C ab omb:1.2
# Belarusian ў is в after a vowel (Paŭlaŭ = Павлов); -aŭ/-oŭ/-eŭ/-ioŭ are the -ов/-ев/-ёв ending; a
# Belarusian word may begin with у for в (Uladzimiraŭ = Владимиров)
aŭ      _$  ov av:0.3
oŭ      _$  ov
eŭ      _$  ev
ioŭ     _$  ev iov:0.3
au      _$  au ov:0.3:by ev:0.8:by
# Belarusian -енка is the -енко of the Russian spelling (Siarhiejenka = Сергеенко)
enka    _$  enka enko:0.2:by
# ў is also the л of the Russian spelling (Vaŭkoŭ = Волков)
ŭ       *   v u:0.5 l:0.9
u       ^_C u v:0.8:by
u       V_C u v:0.8:by l:1:by
ë       *   e
# Azerbaijani ə typed as a in English (Valiyev, Mammadov) is often the е of the Russian spelling (Велиев)
a       _$  a
a       *   a e:!0.6:az
b       *   b
d       *   d
e       *   e
g       *   g
i       *   i
k       *   k
# Polish l before a, o, u is ль: la lo lu are ля лё лю (Polakow, Bielajew, Lubimow; ł is the hard л)
laŭ     _$  lov lav:0.3
loŭ     _$  lov
la      _C  la lia:!0.2:pl
la      _$  la lia:!0.2:pl
lo      _C  lo le:!0.3:pl
lu      _C  lu liu:!0.2:pl
l       *   l
m       *   m
n       *   n
o       *   o
p       *   p
r       *   r
# Romanian ț typed without its comma is a t (Guțu, Gutu = Гуцу), in a word that betrays Romanian
t       *   t c:!0.9:ro
u       *   u
v       *   v
"""

# The hints: what in a word betrays its romanization system.
_HINTS: dict[str, re.Pattern[str]] = {
    "de": re.compile(r"sch|w|tz|ff$|zk[iy]j?$"),
    "pl": re.compile(r"sz|cz|[łżśźćń]|c[aeiouyw]|^(?=.*w).*[^aeiouyj]ie"),
    "fr": re.compile(r"ou.*ou|[iyj]ou|tch|ï|gu[ei]|[^aeiouy]ine$"),
    "en": re.compile(r"kh|zh|(?<![sc])sh|ts(?!ch)|gh"),
    "cs": re.compile(r"[čšžěŝřůëâûĭėèďťň]"),
    "ka": re.compile(r"gh|[sc]hvili$|dze$|[iy]ani?$"),
    "ua": re.compile(r"[bcdfghklmnprstvz]y[bcdfghklmnprstvz]|ii$|yi|[iy]uk$"),
    # Dutch and Scandinavian: Poesjkin, Chroesjtsjov, Sjostakovitj, Zjukov (not German Osjorow)
    "nl": re.compile(r"(?<![st])sj(?![aeiouy])|zj(?![aeiouy])|^zj|tsj|tj$"),
    "hu": re.compile(r"cs|zs"),  # Hungarian: Csajkovszkij, Zsukov
    "it": re.compile(r"ci[aou]|sci"),  # Italian: Ciaikovskij, Krusciov
}
# Letters no Italian spelling has: Kościuszko, Ciołkowski are Polish.
_NOT_ITALIAN = re.compile(r"sz|cz|[łżśźćńw]")

# What betrays a spelling before cleaning drops its letters: Azerbaijani (and Turkish) ə ğ ı, or the -iyev
# with which English writes the -иев of Azerbaijani names (Aliyev, Valiyev, Hajiyev), and its
# c = дж; Belarusian ў and the -оў/-еў ending written -ou/-au/-eu; Romanian (Moldovan) letters, or a final
# u after a consonant (Ciobanu, Cojocaru).
_RAW_HINTS: dict[str, re.Pattern[str]] = {
    "az": re.compile(r"[əğı]|iyeva?$"),
    "by": re.compile(r"ŭ|(?<![aeiou])[aeo]u$|[^aeiou]iou$|enka$"),
    "ro": re.compile(r"[ăâîșşțţ]|[^aeiouyŭ]u$"),
    # Spanish j is х (Mijaíl, Jrushchov): an acute accent beside a j, or j before r or l at the start; not
    # in a word with Czech letters, whose j beside á í is й (Jiří, Jánošík)
    "es": re.compile(r"^(?!.*[čšžřěůý])(?:.*[áéíóú].*j|.*j.*[áéíóú]|j[rl])"),
}
# Uzbek oʻ is у (Yoʻldoshev = Юлдашев); the mark would be dropped with the other apostrophes.
_UZBEK_U = re.compile(r"o[ʻ'‘’`](?=[^\W\d_aeiou])")

# Letters that each romanization system reads one way, but the systems differently: ch is ч in English, х
# in German, Polish and Czech, ш in French; x is кс, or х in scholarly and Czech use. A name is written
# in one system, so reading one ch as ч and the next as ш costs more: the French Chichkov is Шишков before
# it is Чишков, and Xaziaxmetov is Хазиахметов. Not s, e or i, which one system itself reads two ways
# (German Sasonow: с and з in Сазонов).
_ONE_SYSTEM_PATTERNS = frozenset(("ch", "x"))
MIXED_SYSTEMS_COST = 1.5

# ж ч ш щ: after them ё is written o in most systems (Gorbačov, Chruščov = Горбачёв, Хрущёв)
_HUSHING = frozenset(("j", "q", "w"))
_VOWELS = frozenset("aeiouyáàâäãåąéèêëěėęíìîïıĭóòôöõøőúùûüůűýÿ")
# ALA-LC ligature ties (i͡a, t͡s) and apostrophes or primes for soft and hard signs (Vorobʹev, Pod"jačev)
_DROP = frozenset("\u0361\u0360\ufe20\ufe21'’‘`´ʹʺʼʻ\"”“·")
# Cyrillic letters seen inside Latin text (iuliia writes BGN ё as Cyrillic: Fёdor)
_CYRILLIC_IN_LATIN = {"ё": "ë", "е": "e", "а": "a", "о": "o", "і": "i", "с": "c", "р": "p", "х": "x"}


def _parse_table(text: str) -> dict[str, list[tuple[str, tuple[Reading, ...]]]]:
    """The rule table as pattern -> [(context, readings)], in table order."""
    rules: dict[str, list[tuple[str, tuple[Reading, ...]]]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, context, *specs = line.split()
        readings = []
        for spec in specs:
            letters, cost, systems = (spec.split(":") + ["0", ""])[:3]
            only = cost.startswith(HINT_ONLY)
            names = frozenset(filter(None, [*systems.split(","), HINT_ONLY if only else ""]))
            readings.append((letters.replace("-", ""), float(cost.lstrip(HINT_ONLY)), names))
        rules.setdefault(pattern, []).append((context, tuple(readings)))
    return rules


RULES = _parse_table(_TABLE)
_MAX_PATTERN = max(map(len, RULES))
_KNOWN_CHARS = frozenset("".join(RULES))


@lru_cache(maxsize=4096)
def _known_char(char: str) -> str:
    """A letter the rules know: itself, or its base letter without diacritics (á -> a, ň -> n)."""
    if char in _KNOWN_CHARS:
        return char
    if char in _CYRILLIC_IN_LATIN:
        return _CYRILLIC_IN_LATIN[char]
    base = unicodedata.normalize("NFKD", char)[:1]
    if base in _KNOWN_CHARS:
        return base
    return {"ı": "i", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe", "ħ": "h"}.get(char, "")


def clean_latin(word: str) -> str:
    """Lowercase letters the rules know, diacritics they read kept: 'Vorobʹëv' -> 'vorobëv'."""
    word = unicodedata.normalize("NFC", word).lower()
    return "".join(_known_char(c) for c in word if c not in _DROP)


def word_hints(word: str) -> frozenset[str]:
    """Systems a cleaned word betrays: 'kusnezow' -> {'de'}.  Polish w is not German: Kuzniecow."""
    hints = {name for name, pattern in _HINTS.items() if pattern.search(word)}
    if "pl" in hints:
        hints.discard("de")
    if "nl" in hints and "w" in word:  # Dutch writes в v: Achmetsjanow is German (т+з+я)
        hints.discard("nl")
    if "it" in hints and _NOT_ITALIAN.search(word):
        hints.discard("it")
    if "cs" in hints:  # ISO h is х: Harčenko
        hints.discard("ua")
    if "ka" in hints:  # Caucasian names reach us in English spelling: Japaridze
        hints.add("en")
    return frozenset(hints)


def _context_holds(context: str, word: str, start: int, end: int, after_hushing: bool) -> bool:
    """Whether a rule's context ("^_C", "V_V", "S_", "*" ...) holds for the segment word[start:end]."""
    if context == "*":
        return True
    left, right = context.split("_")
    if left == "^" and start != 0:
        return False
    if left == "S" and not after_hushing:
        return False
    if left in ("V", "C") and (start == 0 or (word[start - 1] in _VOWELS) != (left == "V")):
        return False
    if right == "$" and end != len(word):
        return False
    if right == "I":
        return end < len(word) and word[end] in "ieě"
    return not (right in ("V", "C") and (end == len(word) or (word[end] in _VOWELS) != (right == "V")))


def segment(word: str) -> list[tuple[str, tuple[Reading, ...]]]:
    """The word cut by longest match into segments, each as (its letters, its readings)."""
    segments: list[tuple[str, tuple[Reading, ...]]] = []
    i = 0
    while i < len(word):
        after_hushing = bool(segments) and segments[-1][1][0][0] in _HUSHING
        for length in range(min(_MAX_PATTERN, len(word) - i), 0, -1):
            readings = _readings_at(word, i, i + length, after_hushing)
            if readings is not None:
                segments.append((word[i : i + length], readings))
                i += length
                break
        else:
            i += 1  # a known character with no single-letter rule: cannot happen with the table above
    return segments


def _readings_at(word: str, start: int, end: int, after_hushing: bool) -> tuple[Reading, ...] | None:
    for context, readings in RULES.get(word[start:end], ()):
        if _context_holds(context, word, start, end, after_hushing):
            return readings
    return None


def latin_readings(word: str, limit: int = BEAM) -> list[tuple[str, float]]:
    """Readings of one Latin word in key letters, cheapest first, unfolded: 'Kusnezow' -> kuznecov, ...

    The segment chain is deterministic, so the k cheapest paths are kept segment by segment (a beam
    that is exact, since every partial reading faces the same rest of the word).
    """
    lower = _UZBEK_U.sub("u", word.lower())
    cleaned = clean_latin(lower)
    hints = word_hints(cleaned) | {name for name, pattern in _RAW_HINTS.items() if pattern.search(lower)}
    # A path: its letters, its cost, and how it read each of the word's _ONE_SYSTEM_PATTERNS so far.
    paths: list[tuple[str, float, tuple[tuple[str, str], ...]]] = [("", 0.0, ())]
    for pattern, readings in segment(cleaned):
        if len(readings) == 1:
            letters = readings[0][0]
            paths = [(path + letters, cost, read) for path, cost, read in paths]
            continue
        options = [
            (letters, cost if HINT_ONLY in systems else cost - HINT_BONUS * len(systems & hints))
            for letters, cost, systems in readings
            if HINT_ONLY not in systems or systems & hints
        ]
        tracked = pattern in _ONE_SYSTEM_PATTERNS
        best: dict[str, tuple[float, tuple[tuple[str, str], ...]]] = {}
        for path, path_cost, read in paths:
            before = dict(read).get(pattern) if tracked else None
            for letters, cost in options:
                candidate = path + letters
                total = path_cost + cost
                if before is not None and before != letters:
                    total += MIXED_SYSTEMS_COST
                if total < best.get(candidate, (float("inf"),))[0]:
                    best[candidate] = (total, (*read, (pattern, letters)) if tracked else read)
        ranked = sorted(best.items(), key=lambda item: item[1][0])[:limit]
        paths = [(candidate, cost, read) for candidate, (cost, read) in ranked]
    return [(path, cost) for path, cost, _ in paths] if paths != [("", 0.0, ())] else []

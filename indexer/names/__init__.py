"""Name analysis: one family of small pure functions that turn a name as written into search keys.

The same functions run at index time (on the record) and at query time (on what a relative typed), so the
two sides meet on keys rather than on spellings.

The canonical key
-----------------
Every name word, in any script and any romanization, is brought to one or more *canonical keys*: lowercase
ASCII strings in which each letter stands for one sound of the Russian (Soviet) spelling of the name.
One letter per sound matters, because typo tolerance counts edits on the key: Погожев and Pogoschew must be
one edit apart at most, not three (zh vs sch).

    а a   б b   в v   г g   д d   е ё э є e   ж j   з z   и й ы і ї i   к k   л l   м m   н n   о o
    п p   р r   с s   т t   у ў u   ф f   х h   ц c   ч q   ш щ w   ю iu   я ia   ь ъ ' (dropped)

Then the key is folded: doubled letters collapse (Масленников -> maslenikov, Iwanoff -> ivanov) and
``ie`` becomes ``e`` (Yelena, Jelena, Елена -> elena).

Latin input is read back into that alphabet by rules covering the romanization systems (English/BGN, LoC,
ICAO, ISO 9 and scholarly, German Duden, French, Polish, Czech, Ukrainian national) and the German camp
clerks' spellings by ear. Where a Latin spelling is ambiguous because its system is unknown, the rules
emit alternatives instead of guessing: German ``ch`` is х but English ``ch`` is ч and French ``ch`` is ш;
French ``j`` is ж but German ``j`` is й; German ``z`` is ц; Ukrainian ``h`` is г. Hence ``name_keys``
returns a tuple, most likely reading first.

Modules
-------
- ``transliteration``  scripts, romanization for display, Latin normalisation -> ``name_keys(word)``
- ``dm_soundex``       Daitch-Mokotoff Soundex, the genealogists' phonetic code
- ``given_names``      equivalence classes of given names and diminutives (data in ``data/names``)
- ``patronymics``      patronymic -> the father's given-name class
- ``surnames``         gender-neutral family key, national forms of russified surnames
- ``numbers``          prisoner numbers in every written form
- ``typos``            the typo budget (one typo from 5 letters, two from 9)
- ``analysis``         a record's names and a query's words -> the keys the engines index and search
"""

"""Hand-written dictionary files in PETRARCH syntax, each line there to exercise one construct.

The line numbers of these texts are asserted by the tests (entry ids and problems name
`file:line`), so edit them only together with the tests that read them.
"""

from __future__ import annotations

from pathlib import Path


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


ACTORS = """\
<!-- A TEST ACTOR FILE -->
<!--
# a multi-line comment with [FAKE] codes
-->
ARNOR_  [ARN]  # the north kingdom
+ARNORIAN
GOLLUM  # no code on the primary line
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB > 990816]
SAM_GAMGEE [HOB]
\t[ORCHOB 20100109-20100112] # earlier, narrower range wins
\t[HOBMIL 20080120-20121109]
KOFI_ANNAN_\t[IGOUNO 970101-061231] [ELI]
BOROMIR  [---]
U.N._
DAVID_CAMERON_
\t[GBRGOV >201005011]
\t[GBRELI 2004017-20061201]
"""


AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
PARLIAMENTARY_OPPOSITION {} [~OPP] #jap 11 Oct 2002
PRESIDENT [~GOV]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
CONGRESS [~LEG]
AUTHORITY  [~GOV]
CONGRESS!PERSON! [~LEG]
HUMAN_RIGHTS_BODY  [NGO~]
POLICE {} [ ~COP]
DEPARMENT_OF_ENVIRONMENT [~ENV}
ISLAMIC_EXTREMIST
"""


VERBS = """\
####### SYNONYM SETS #######
&TIETYPES
+MILITARY
+ECONOMIC_

&AUXVERB3_
+HAVE
+HAS

&ACCORDSYN  # nested synsets
+&TIETYPES
+CLOSER

####### VERB PATTERNS #######
--- RESTORE  [050]  ---
RESTORE    # pas 18 Jun 2007
+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF}
WIRE_+TAP
HOLD {HOLDS HOLDING HELD } [---]
- * {FULL DIPLOMATIC} TIES [064]  # RESTORE
- &TIETYPES * (WITH +) [042:043]  # RESTORE
- * DIPLXMATIC [###]
- $ * (IN ^) [:173]
- * &UNDEFINED [111]
- * (BROKEN [111]
- NO VERB MARKER [111]

--- ASK [---] ---
ASK [020]
QUERY
* (TO QUESTION) [110]

~ a (a b ATTACK) SAY = a b 015
"""

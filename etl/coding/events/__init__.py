"""Sentence → events: CAMEO triggers from the lexicon, applied to the dependency parse.

The coder is deliberately a short list of syntactic rules, each named in the `rule_id` of the
events it produces, so a reviewer can follow every decision:

* ``active`` / ``passive``: source is the subject, target the object; in the passive the
  ``by`` agent is the source and the passive subject the target ("Caracas' bid was vetoed by
  Brazil" → BRA 129 VEN: the target is found inside "Caracas' bid").
* ``light``: an event noun that is the object of a light verb ("held a meeting", "imposed
  sanctions on", "voiced support for") is the event, with the verb's subject as source.
* ``nominal``: an event noun on its own ("after his meeting with Maduro"); its source is a
  possessive, an adjective or compound actor ("US sanctions"), a ``by``/``from`` phrase, or the
  speaker of a reporting verb it hangs from ("Lavrov said during a meeting with Gil");
  ``scene`` marks that last case and "X was in talks with Y".
* ``wrap:CLASS``: a wrapper verb or adjective re-codes its complement through the lexicon's
  ``@compose`` table: intentions and pledges → 03x, appeals → 02x, demands → 10x, threats → 13x,
  refusals → 12x, stopping an act → its de-escalation or reduction ("ceased its operations"
  → 087), claiming an attack → 015. Reporting verbs (class SAY) keep the reported event with its
  own actors (a pronoun subject in it is the speaker: ``speaker``); a reported clause with
  "must"/"should" is a demand/appeal by the speaker (``wrap:DEMAND/must``, ``modal:must``). A
  bare statement is coded 010 only when the sentence reports nothing more specific.
* ``future`` / ``negfuture``: an event under "will"/"shall" (or "would" in reported speech) is
  announced, not done: a cooperative act becomes an intent (03x), a hostile one a threat (13x);
  "will not" + a cooperative act is a refusal (12x).
* Negation: a negated trigger ("did not meet", "no talks") gives no event; neither does a
  conditional clause ("if", "unless", "until") or a question.
* ``coord``: conjoined subjects or objects give one event per actor; ``sym`` entries give both
  directions between coordinated participants ("A and B held talks", "talks between A and B");
  ``pair`` adds the reverse code of a pair entry (host 043 → visit 042).
* Opaque verbs (``!opaque``: accuse, praise, criticize ...) do not code what sits in their
  complements ("accused X of attacking Y" codes no attack).

Who counts as an actor is decided by the actor resolver (`etl.coding.actors`), which hands the
coder resolved mentions. An event is emitted when its trigger has at least one *actor-like*
argument: one resolved to an actor, or one that is (or holds, near its head) a proper name the
dictionaries lack ("UNITA", "Two leaders of the Alliance for Change"). Such a name is kept
rather than dropped because it is an actor in the text, and `actor_candidates` learns new
dictionary entries from exactly these slots. An unresolved side is written with the code ``---``
(the PETRARCH convention for a null actor), the argument's text as name (empty when there is
no argument at all) and ``unresolved:name`` / ``unresolved`` as its entry, so the row stays
honest about what the coder did not know. Entries flagged ``!dyad`` need both sides. A statement
needs an actor-like speaker. When both sides are one actor (the same code, or a state and its
own government) the target is dropped and the act kept ("Zarif defended Iran's position").

The main event of a sentence (``is_root_event``, listed first) is the one a human coder would
give it: the event closest to the root of the parse, where the hop from a reporting verb to its
reported clause costs nothing, a free-standing event noun ranks below a verb at the same depth,
and a bare statement below both.

The package, by what each part does: `coder` (EventCoder: triggers, wrappers, modality, pairing,
ranking), `arguments` (sources and targets by the candidate's kind), `goals` (targets beyond a
verb's own objects), `expansion` (the mention index; argument head → actors), `discards` (the
discard list), `shapes` (Argument, CodedEvent and the candidate), `syntax` (parse predicates).
"""

from etl.coding.events.coder import EventCoder
from etl.coding.events.discards import DiscardList
from etl.coding.events.shapes import NO_ARGUMENT, UNRESOLVED, Argument, CodedEvent

__all__ = ["NO_ARGUMENT", "UNRESOLVED", "Argument", "CodedEvent", "DiscardList", "EventCoder"]

package coach

// More ways of telling a red flag, by kind, found on the tuning half of
// dev10.jsonl: pain that stops sleep coming, a collision into something, a
// foot gone sleepy, a kneecap lost in the swelling, a step that can't be
// taken properly, a knee that froze until shaken loose. Same syntax as
// lexiconText; kept apart so parallel lexicon work merges cleanly.
const lexiconText10 = `
@sleepcome = sleep, nod off, drop off, get off to sleep
@puffwhen = on me, again, overnight, round, around, like
@frozewhen = on me, mid stride, midstride, solid, mid run
night_pain + gnaws|gnawing|gnawed|nags|nagging|aches|aching|throbs|throbbing|hurts|hurting|sore|pain ~5 try|trying|tried|tries to get? to? @sleepcome
night_pain + try|trying|tried|tries to get? to? @sleepcome ~4 gnaws|gnawing|nags|nagging|aches|aching|throbs|throbbing|hurts|hurting|pain

trauma + cannoned|careered|careened|slammed|smashed|barrelled|barreled|ploughed|plowed|crashed|banged into|against
trauma ! cannoned|careered|careened|slammed|smashed|barrelled|barreled|ploughed|plowed|crashed|banged into ~1 bed|sofa|couch|friend|mate|pb|form|traffic

numbness + foot|feet|toes|toe|leg|heel|sole|soles ~3 sleepy|drowsy
numbness + current|electric|electrical|electricity type|like|kind ~1 feeling|sensation|shock|shocks|buzz

swelling + puffing|puffs|puffed up @puffwhen
swelling + kneecap|kneecaps|cap ~3 missing|disappeared|vanished|hidden|disappearing|buried

cannot_bear_weight = cannot|not take|put|manage a? proper|normal|full|real|decent step|steps|stride
cannot_bear_weight + dot and carry

locking + shake|shook|wiggle|wiggled|jiggle|jiggled|wriggle|wriggled|waggle|waggled|work|worked it|knee|leg loose|free
locking + knee|joint ~1 froze|freezes|seized|seizes @frozewhen
`

var lexRules10, lexVetoes10 = compileLexicon(lexiconText10)

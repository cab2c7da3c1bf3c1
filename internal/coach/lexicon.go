package coach

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The phrase lexicon: how runners say each red flag when they don't use the
// keyword, and the everyday phrases that only look like one. A new
// paraphrase is one line here, not a new regular expression.
//
// Each line is "<flag> <op> <pattern>". The op is
//
//   - a mention of the flag
//     =  a mention that carries its own negation ("not stable"): outside
//     negators don't cancel it
//     !  a veto: a mention of that flag overlapping this phrase is dropped
//     (sport talk, treatment, tiredness: "locked in at race pace")
//
// A pattern is a sequence of items matched over the normalised tokens
// (lower case, contractions expanded, typos corrected):
//
//	word      that token
//	a|b|c     any of them
//	word*     any token starting with word
//	item?     optional
//	~N        up to N tokens of anything within the sentence
//	@class    any phrase of a class defined by "@class = a, b c, d"
//
// Lines starting with # are comments.
const lexiconText = `
@hurt = bolt, bolts, stab, stabs, stabbing, jolt, jolts, nail, knife, knives, zing, zings, paining, pained, hurt, hurts, hurting, hurted, pain, painful, pains, sore, ouch, agony, kills, killing, sharp, bites, stings, twinge, twinges, hell, ow, owww, aches, ache, aching, throbs, nasty, unbearable, excruciating, wince, winces, wincing, winced, grimace, flinch, flinches, yelp, yelps, tender
@hop = hop, hops, hopped, hopping, hoppin
@bounce = jump, jumps, jumped, jumping, skip, skips, skipping, skipped, bounce, bounces, bouncing, bound, bounding, plyos, pogo, pogos
@oneleg = on it, on the affected side, on the affected leg, on the sore side, on the bad side, on that leg, on this leg, on the leg, on that side, on this side, on that foot, on this foot, on one leg, on one foot, on the bad leg, on my bad leg, on the sore leg, on the injured leg, on the affected leg, on the left leg, on the right leg, on my left leg, on my right leg, on the left, on the right, single leg, single legged, one leg, one legged, on the left side, on the right side, on my left, on my right
@bone = bone, bones, bony, shinbone, shin bone, tibia, fibula, metatarsal, metatarsals, femur, heel bone, ankle bone
@spot = spot, point, place, area, patch, bit
@one = one, 1, single, specific, small, tiny, exact, particular, certain, a, this, that, just one, only one
@legpart = calf, calves, leg, ankle, knee, foot, thigh, shin, side
@bigger = twice the size, double the size, bigger, fuller, fatter, larger, enlarged, grown, thicker, puffier, wider, chunkier, heavier, rounder, swollener, more swollen, more puffy, more thick, more big, more fat, twice as big, double
@other = other, it's fellow, it's twin, it's partner, it's mate, it's neighbour, it's neighbor, the good one, other one, other side, other leg, left, right, left one, right one, other calf, other knee, other ankle, good one, good side, good leg
@calf = calf, calves, calfs, calve, lower leg
@lie = lying, laying, lie, lay, lying down, laying down, lie down, lay down
@sit = sitting, sittin, sat, sit, sitting down, sitting still, resting, still, doing nothing, watching tv, at my desk, on the couch, on the sofa
@fallverb = went, go, goes, going, came, come, comes, ran, run, runs, slid, slipped
@time = week, weeks, day, days, run, runs, session, sessions, time, month, months, fortnight
@doms = doms, squats, lunges, leg day, legs day, leg workout
@notmine = cling film, clingfilm, bubble wrap, belong to someone, belong to somebody, belongs to somebody, somebody else's, not part of me, cotton wool, wooden, wood, rubbery, rubber, not mine, not my own, belongs to someone, someone else's
@benignnumb = cross legged, crossed, legs crossed, kneeling, the loo, the toilet, laces, lace, tight shoes
@still = sitting still, resting, doing nothing, at rest, not moving, lying still, sat still, sitting at my desk, at my desk
@getabout = crawl, hop, shuffle, bum shuffle, hobble, limp, be carried, use crutches, use a stick, use a crutch, lean on
@less = less, fewer, halved, halving, half, reduced, reducing, reduce, cut, cutting, dropped, dropping, lower, deload, deloaded, deloading, rest, rested, resting, time off, easy, easier, backed off, backing off, eased off, easing off

# swelling
swelling ! hands|fingers|face|eyes|lips ~3 swollen|swell*|puffy|puffed|fat
swelling ! swollen|puffy|puffer ~1 hands|fingers|eyes|face|lips|gums|glands|jacket|coat|vest
swelling ! fluid|fluids ~2 intake|drink*|bottle|electrolyte*|loss|levels
swelling ! drink|drank|drinking|took|take|more|enough|lost ~2 fluid|fluids
swelling + knee|ankle|joint|it|foot ~3 gets|getting|got|is|looks|looking|went|gone|become|becomes fatter|bigger|thicker|puffier|fat|puffy
swelling + @bigger than|of the|my? @other
swelling + @bigger than before
swelling + one @legpart ~4 @bigger
swelling + bulge|bulging|bulges|squishy|squidgy|boggy|spongy|spongey|bloated|bloating|inflated|distended
swelling + bulged|bulgy
swelling + sponge|sponges|squelch*|squelchy
swelling + water|fluid collection|collecting|collected|build|buildup|building|pocket
swelling + knee|knees|ankle|ankles|joint|foot|feet|leg ~2 stolen
swelling + water in|inside ~2 knee|joint|there|it
swelling + like there is water
swelling + fill|filled|fills|filling up
swelling + puffed|puffs|puff up
swelling + not even? see ~4 kneecap|outline|bones|bone|shape|cap
swelling ! swell run|day|time|job|morning|session|race|bloke|guy|chap|mate|weather|evening|afternoon|effort|thanks
swelling ! keep|stop|prevent|reduce|help|avoid ~3 swelling|swell|puffiness
swelling ! in case it swells|swell
swelling ! swell* with pride
swelling ! swell*|swollen|puffy ~4 on|in hot|warm|humid ~1 days|day|weather
swelling ! swell*|swollen|puffy ~4 in the heat|humidity
swelling + come|came|comes|coming|gone|went|blown|blew up like a|an ~1 egg|ball|orange|melon|grapefruit|balloon|football|plum|lemon|apple
swelling ! swole legs|quads|calves|arms|glutes|muscles|from|gym
swelling ! legs|quads|calves|arms|glutes|muscles|guns|biceps ~2 swole
swelling ! swole ~3 squats|gym|lifting|weights|gains|pump
swelling ! was|is|were|simply|pretty|mighty|just|feeling|felt|feel swell
swelling ! puffed|puffing|puff ~3 hill|hills|climb|climbs|climbing|incline|stairs|breath|breathing|steam|train|dragon|bellows|lungs
swelling ! absolutely|totally|completely|bloody|proper|well|so|i|i'm|we puffed|puffing

# locking
# figurative: a muscle "locked up tight" is tightness, not a locked joint
locking ! flexor|flexors|muscle|muscles|hamstring|hamstrings|hammy|quad|quads|glute|glutes|back|shoulders|traps|neck|piriformis ~3 locked|locking|lock ~1 up
locking ! watch|garmin|phone|app|screen|laptop|computer|car|door|gate|pace|splits|zip|zipper|jacket|bag|key|keys|printer|lid|drawer|window ~3 lock*|stuck|jam*|froze|frozen
# symptom frame: it sticks/jams before it straightens
locking + it|knee|joint ~3 sticks|sticking|stuck|jams|jammed|jamming|seizes|seized
locking + sticks|stuck|jams|jammed ~4 straighten*|bend*|jiggle*|wiggle*|unstick*
locking ! locked out|down
locking ! stuck behind|indoors
locking ! i|we|i'm|been|was|were|am|all|day ~1 stuck inside
locking + something|thing ~2 stuck|caught|jammed|catching|blocking
locking = knee|leg|it ~2 not|cannot ~1 straight|straighten
locking ! stuck in|on ~1 traffic|rut|mud|bed|treadmill|queue|lift
locking + block|blocks|blocked|blocking
locking + stays|stay|stayed|stuck|staying|gets|got bent
locking + not|never|cannot ~3 go|goes|get straight
locking = not|cannot ~2 straighten|unbend
locking + knee|it|joint|leg ~3 seize*
locking + seize* ~5 straighten
locking + clunk|clunks|clunking|clunked
locking = knee|joint|leg|it ~3 not|cannot move|unbend
locking + push*|pull*|coax*|forc*|straighten*|lift* ~4 with|by ~2 hand|hands
locking + coax*|forc*|push*|ease* ~2 straight
locking ! lock*|block* ~1 in|on|into|onto ~6 pace|rhythm|groove|target|zone|tempo|splits|effort|pb|time|place|spot|sub
locking ! block* out|off|traffic|road|path
# a block as a thing or a stretch of training, and locks on a canal
locking ! yoga|foam|cork|wooden|wood|starting|starter|starters|training|marathon|base|build|mental|ice|tower|apartment|office|flats|stretching|stretch block|blocks
locking ! block|blocks of|party|schedule|plan|session|sessions|week|weeks
locking ! canal|flight|towpath|river|weir ~3 lock|locks
locking ! lock|locks gate|gates|keeper|keepers|cottage|bridge|flight
locking ! past|along|by|at|over the? lock|locks
locking ! lock*|locking in|into|onto|down ~1 my|the|a|our|this|that ~3 plan|plans|training|schedule|entry|place|spot|race|marathon|booking|registration|miles|mileage|week|weeks
locking ! block* the|a|an|my|your|his|her ~1 road|path|view|sun|door|lane|way|traffic|entrance|drive|driveway|pavement|light|noise|calendar|diary|time|hour
locking ! catch* ~1 a|the ~2 bus|train|cold|bug|lift|ride|sunrise|sunset|view|wave
locking ! catch* up|sight|some|breath
locking ! caught|catch|catching myself|himself|herself|ourselves|themselves
locking ! caught ~2 rain|shower|storm|sun|traffic|light|lights|bus|train

# giving way
giving_way ! resolve|discipline|diet|nerve|nerves|will|restraint|defences|defenses|bridge|path|road|fence|floor|ceiling|stairs|step|bench|chair|shelf|wall|bank|ground|boardwalk|patience|willpower|motivation|watch|battery ~3 gave|give*|given|collaps*|buckl*
giving_way ! legs ~3 gave|give|giving|went|gone|buckl*|collaps*
giving_way ! buckle down|up|of
giving_way ! i|we ~2 collaps*
giving_way ! collaps* ~3 sofa|couch|bed|heap|chair|bath|finish|line|floor|grass
giving_way ! unstable|wobbly|unsteady ~1 ground|surface|footing|terrain|rocks|stones|bridge|path|paths|trail|board|boards|ice|rock
giving_way ! wobbl*|unsteady|unstable ~3 ice|icy|mud|muddy|rocks|stones|balance|board|bosu|single|one
giving_way ! went|goes|go|going on ~1 me ~2 about|for
giving_way + slip*|slid*|shift*|jump*|pop* out of place|line
giving_way + slip*|slid*|shift* sideways|across
giving_way + kneecap|cap|patella ~3 slip*|slid*|shift*|mov*|jump*|pop* out|sideways|across
giving_way + went|goes|go|going|gone|gave on me
giving_way + knee keeps|kept going|giving
giving_way + jelly|jello
giving_way + dropped|drops|dropping|drop me
giving_way + @fallverb ~2 away|out under me
giving_way + @fallverb ~1 from under|underneath|beneath me
giving_way + @fallverb under|underneath|beneath me
giving_way + fold|folds|folded|folding ~2 under me
giving_way + knee|it ~2 fold|folds|folded|folding
giving_way + slip*|slid*|pop* out ~2 back in|into place
giving_way + keeps|kept|keep slipping|sliding|shifting|popping out
giving_way + knee|it ~3 went|goes|gone on the? turn|camber|corner|bend|step|kerb|curb|stairs
giving_way + just went|gone on the? turn|camber|corner|bend|kerb|curb
giving_way = not|less|never ~2 stable|steady|solid|secure|sturdy
giving_way = cannot|not ~2 trust ~2 it|knee|leg
giving_way + gave|gives|give|giving|given out
giving_way + knee|it|leg ~3 escap*|sideways
giving_way + wants|wanting|want|threatens|threatening|tries|trying|tried to fold|buckle|give|collapse
giving_way + knee|leg ~1 just|suddenly|simply|totally|completely went|goes|gone
giving_way + had to grab|hold|catch ~3 fence|rail|railing|wall|post|lamppost|tree|banister|bannister|handrail|myself|something
giving_way + knee|leg|ankle ~8 almost|nearly ~2 fall|fell|falling|collapsed|down
giving_way + knee|leg goes|went|going|falls|caves inside|inwards|in ~3 and
giving_way ! fell|fall|falling asleep
giving_way ! legs ~3 wobbl*|jelly|jello|rubber*|noodle*
giving_way ! jelly baby|babies|beans|bean
giving_way ! wobbl* ~3 on the|a ~2 balance|board|bosu|cushion|disc|disk|exercise|drill
giving_way ! gave|give out ~3 medals|water|flyers|prizes|gels|cups|high|snacks|sweets|jelly
giving_way ! give*|gave way to ~2 cyclist*|car|cars|traffic|walker*|pedestrian*|runner*|bike*|biker*|dog|dogs|horse*|bus|buses|lorry|lorries|truck*|van|vans|people|everyone|them|him|her|kids|pram*|buggy|buggies|group|faster|oncoming|others|tears|rain|sun|sunshine|drizzle|sleet|snow
giving_way ! went|goes|gone numb|sore|stiff|tight|achy|red|hot|pop|click*|crunch*|into|to|for|out|through|ok|fine|well|all|weird|funny|dead|tingly|cold|quiet|home|back|up|straight|off|round|around|over|and|with|in|by|past
giving_way ! went|goes|gone a|bit|really|very|quite|kinda|slightly|super|so|pretty|properly|totally|completely ~1 numb|sore|stiff|tight|achy|red|hot|weird|funny|dead|tingly|cold|quiet|swollen|puffy|stiffer|sorer

# cannot bear weight
# consequence frame: how the runner had to get about
cannot_bear_weight + had|have|having|has to ~1 @getabout
cannot_bear_weight + crawl|crawled|crawling ~2 up|upstairs|stairs|bed|bathroom|loo|toilet|kitchen|car|door
cannot_bear_weight ! crawl* ~2 traffic|pace|speed|walk
# run-walking, crowds, gym weights and marathon quads: not a limp
cannot_bear_weight ! ran|run|jog|jogged / walk|walked|walking
cannot_bear_weight ! run walk|walked|walking
cannot_bear_weight ! behind|crowd|crowds|queue|congestion|busy|narrow|group|pack ~6 shuffle|shuffled|shuffling|walk|walked|walking
cannot_bear_weight ! extra|more|added|heavier|less|any weight|weights on ~2 bar|barbell|squat|squats|deadlift|deadlifts|lifts|rack|machine|sled
cannot_bear_weight ! quad|quads|legs|doms ~8 stairs|steps backwards
# the runner carried someone else
cannot_bear_weight ! i|we|and carried|carry|carrying
cannot_bear_weight ! carried|carry|carrying her|him|them|his|their|our|kid|kids|baby|shopping|bags
cannot_bear_weight ! cannot stand the|hills|treadmills|treadmill|running|heat|cold|people|him|her|them|this|that|when|being|waiting|crowds|rain|wind|mud
cannot_bear_weight ! walk* ~4 after ~2 marathon|ultra|race|half|leg|squats|session|workout|hills|doms
cannot_bear_weight ! @doms ~6 walk*|stairs|stand*
cannot_bear_weight ! walk*|stairs|stand* ~6 @doms
cannot_bear_weight + too ~3 to put|step|stand|walk|bear
cannot_bear_weight = cannot|not|unable ~2 put|place|get|set it|heel|foot|weight down|flat
cannot_bear_weight + keep|keeping|kept|take|taking|took|keeps weight|pressure off
cannot_bear_weight + walk*|tiptoe*|tippy|tip ~3 toes|tiptoe*|tiptoes
cannot_bear_weight + on my|tippy|tip toes ~3 to keep|avoid
cannot_bear_weight = cannot|not|unable ~3 put|place|get|set ~2 heel|foot|weight down|flat
cannot_bear_weight = cannot|not|unable ~3 step|stand|lean on|onto ~1 it|that|properly|foot
cannot_bear_weight + walk*|waddl*|shuffl* like a|an ~2 penguin|pirate|cowboy|zombie|duck|robot|old|granny|grandad|grandma
cannot_bear_weight + pirate|penguin|zombie walk*
cannot_bear_weight = walking|walk ~3 impossible
cannot_bear_weight = walking|walk ~3 not possible
cannot_bear_weight = impossible to walk|stand
cannot_bear_weight = not possible to walk|stand
cannot_bear_weight = normal walking ~2 not|impossible
cannot_bear_weight + hopping|hopped|hop ~2 around|about|home|upstairs|downstairs|everywhere
cannot_bear_weight + hopping|hopped|hop to ~1 bed|car|toilet|loo|bathroom|kitchen
cannot_bear_weight + gimp*|hobbl*
cannot_bear_weight + only|just walk* on ~2 outside|side|edge|heel|heels|toes|tiptoe*|tiptoes
cannot_bear_weight + walk*|hobbl*|stand*|standing ~4 avoid|avoiding|keep|keeping|take|taking ~3 pressure|weight|load
cannot_bear_weight + walk* ~2 stick|crutch|crutches|wonky|lopsided|funny|funnily|awkwardly
cannot_bear_weight = cannot|not ~1 walk*|stand ~1 properly|normally|right|straight
cannot_bear_weight ! limp noodle*|spaghetti|lettuce|handshake|wrist|biscuit
cannot_bear_weight ! legs ~3 limp

# bone pain
bone_pain + @hurt ~7 if|when i? @hop
bone_pain ! along ~3 bone|shinbone|tibia|shin|shins
bone_pain ! general|diffuse|spread|broad|whole|entire|length ~4 bone|shinbone|tibia
bone_pain ! @spot|spots ~3 in|on ~2 calf|calves|hamstring|hammy|quad|quads|glute|glutes|muscle|muscles|thigh|bum|butt|arch|itb|band|achilles|tendon|flexor|groin|back
bone_pain ! spot on ~1 pace|time|target|splits|effort|advice|plan|form|mate
bone_pain ! spot on ,|.|!
bone_pain ! hot spot|spots
bone_pain ! hip hop
bone_pain + in|at|on one|a ~1 single|specific|particular|small|exact? place|point|spot
bone_pain + tender|sore|painful to|when|if ~1 touch|touched|press|pressed ~4 @one ~1 place|point|spot
bone_pain + @hurt ~5 @hop
bone_pain + @hop ~8 @hurt|worse|ow
bone_pain + @hurt ~5 @bounce ~1 @oneleg
bone_pain + @bounce ~1 @oneleg ~5 @hurt|worse
bone_pain + @one tender|sore|painful|sharp|specific? @spot ~3 on|of|along|over the|my? @bone
bone_pain + @spot on|of the|my? @bone
bone_pain + press*|push*|prod*|poke*|touch* ~4 one|single|a|that|the spot|point
bone_pain + press*|push*|prod*|poke*|touch* ~4 @bone ~4 @hurt|tender|sore|jump*
bone_pain + @bone ~3 tender|sore|painful|@hurt ~2 touch|touched|press|pressed|pressing|prodded|poked
bone_pain + sore|tender|painful to touch|press ~4 @bone
bone_pain + fracture*
bone_pain + broke|break|fracture|fractured my|a|the left|right|big|little? toe|toes|foot|ankle|bone|metatarsal|tibia|fibula|leg|heel|kneecap|shin|hip|femur
bone_pain ! @hop on|onto|in|into|off|out ~2 the|a|my ~2 bike|treadmill|car|bus|train|scales|call|zoom|bed|shower|sofa|couch|plane|flight|ferry
bone_pain ! broken in|down|up|into|record|streak|watch|garmin|shoe*|headphone*|phone|treadmill|sleep|laces|lace
bone_pain ! @hop test|tests ~7 no|fine|clear|normal|ok|okay|negative|passed|easy
bone_pain ! @hop ~3 without|no ~1 problem|problems|pain|issue|issues|bother|trouble
bone_pain ! @hop ~2 fine|easily|painfree
bone_pain ! skip* a|the|my|today|tomorrow|yesterday|rope|breakfast|lunch|session|run|runs|workout|week|day|gym|intervals|strides|parkrun
bone_pain ! jump* ~2 in|into|on|onto ~2 the|a ~2 pool|car|bus|train|shower|bath|cold|plunge|river|lake|sea|queue|bandwagon|call

# night pain
night_pain ! stretch*|foam*|roll*|strength|gym|yoga|work|worked|working|shift|shifts|walk|walks|walking|cycle|bike|swim|swam ~4 night|nights|tonight
# quiet at night is the opposite of night pain
night_pain ! quiet|silent|peaceful ~4 at|in night|bed
# laid up ill: "stiff from a week in bed"
night_pain ! week|weeks|days|fortnight|flu|covid|ill|illness|sick|poorly ~2 in bed
night_pain ! fine|ok|okay|good|grand|settled|calm|comfortable|painfree|nothing at|in night|bed
night_pain ! slept|sleep|sleeping|sleeps ~2 through the night|fine|well|ok|okay|like
night_pain ! rest|night|bed|resting|lying|sitting ~3 fine|ok|okay|settles|settled|eases|easy|good|painfree
night_pain ! rest|night|bed|resting|lying|sitting ~1 is|was|feels|felt|i|am|i'm comfortable|comfy
night_pain ! at|in|during rest|night|bed ~1 nothing
night_pain ! fine|ok|okay|good|settles|settled|eases|easy|comfortable|comfy|painfree ~3 rest|night|bed|resting|sitting|lying|asleep
night_pain ! nothing|zero ~2 at|in|during rest|night|bed
night_pain + all the time
night_pain + constant|constantly|nonstop ~2 ache|aching|pain|throb|throbbing|sore|there
night_pain + even|also|when|while not running
night_pain + even ~4 @sit|@lie|asleep|sleeping|bed
night_pain + just @sit|@lie|asleep|sleeping|bed
# symptom frame: an ache while still
night_pain + @hurt|throb*|nag*|achy ~4 when|while ~2 @still
night_pain ! cat|cats|dog|dogs|puppy|baby|kids|kid|toddler|alarm|neighbours|neighbors|storm|thunder|phone ~3 woke|wakes|wake|waking|woken
night_pain + @hurt|throb*|nag*|achy ~4 when|while ~2 @lie|sleeping|asleep|bed
night_pain + when|while ~3 sleeping|asleep
night_pain + @hurt|throb*|nag*|nags|achy|bothers ~4 when|while ~3 trying|try|going|go to sleep
night_pain + wake|wakes|woke|waking|woken up? from|with|because|cos ~3 it|pain|ache|throbbing|throb
night_pain + sleep*|slept ~3 recliner|armchair|chair|sofa|couch|floor
night_pain = cannot|not|hard|struggle|struggling|struggled ~3 comfortable|comfy|settle
night_pain + disturb*|ruin*|wreck*|interrupt* ~2 sleep
night_pain + lose|losing|lost sleep
night_pain + keeps|kept|keep|keeping me up|awake
night_pain + up|awake at|in ~1 night|nights
night_pain + toss* and turn*
night_pain + doing nothing
night_pain + in|during|by night|nights|nighttime|nite
night_pain + when|while i am|i'm? @lie
night_pain + night ~1 time ~2 @hurt|also|too|worse
night_pain ! sleep* like a log|baby|rock
night_pain ! after sitting
night_pain ! sitting for
night_pain ! ran|run|running|jog*|trained|training|session|parkrun|race|raced ~4 night|tonight

# hot joint
# adjective frame: a body part in a list of signs ("knee: red, warm")
hot_joint + knee|ankle|joint|foot|toe|shin|calf : red|warm|hot
hot_joint + a|bit|little|slightly|quite|really|very|looks|looking|gone|went|turned|bit pink|pinkish|reddish|flushed
hot_joint + maybe|bit|little|slightly ~1 warm|warmer
hot_joint ! pink|pinkish|flushed ~1 shoe*|shorts|top|shirt|vest|kit|trainers|laces|socks|singlet|cap|face|cheeks
hot_joint ! i|we|i'm|was|felt|got|getting|too ~2 hot|warm ~2 and|&|out|outside|in the|sweaty|humid|sticky|tired|bothered|today|run|race
hot_joint ! hot ~1 and|& sweaty|humid|sticky|tired|bothered
hot_joint ! face|faces|cheeks|eyes|nose ~3 red
hot_joint ! race|marathon|spring|cabin|running|pre race ~1 fever
hot_joint ! chest|ear|sinus|throat|tooth|eye|urine|bladder ~2 infection
hot_joint + burning hot
hot_joint + hot and red
hot_joint + red hot
hot_joint + warm|hot|red ~3 compared to ~2 @other
hot_joint + hotter|warmer than the? @other
hot_joint + radiat* heat
hot_joint + heat coming|comes off
hot_joint + giving off heat
hot_joint + flu like|ish
hot_joint + fluey|shivery
hot_joint + glowing|glows|glowed red|hot|warm
hot_joint + knee|joint|ankle|foot|it|calf|shin|leg ~3 like a|an ~1 radiator|oven|furnace|heater|toaster|stove|hotplate|fire
hot_joint ! hot|warm|heat ~1 bath|baths|shower|showers|water|bottle|pack|packs|tub|compress|pad|patch|cream|rub|gel|sauna|towel|spring|yoga
hot_joint ! ice ~4 heat|hot|warm
hot_joint ! red ~1 shoe*|shorts|top|shirt|vest|kit|trainers|laces|light*|bull|wine|card|flag*|line|lane|route|trail|car|dog|cap|socks|sock|singlet|bib|tape|kt|meat|face|faced|faces|cheeks|eyes|alert|zone|band|bands
hot_joint ! in the red
hot_joint ! see|saw|seeing red
hot_joint ! red faced
hot_joint ! very|really|extremely|incredibly|crazy|insanely|bloody|boiling hot today|out|outside
hot_joint ! red ~1 in the|my ~1 face
hot_joint ! hot|warm ~1 sweaty|sticky|humid|muggy|steamy|mess|sweaty

# numbness
# figurative: nerves and boredom, not nerves in the leg
numbness ! on pins and needles
numbness ! pins and needles ~3 waiting|wait|for the|about|results|result|news|race
numbness ! numb ~1 with|from boredom|shock|cold|grief
numbness ! brain|mind|head|bum|butt|backside ~2 numb*|dead
numbness ! tingl*|numb* ~6 massage*|pressed|press|pressing|needling|acupuncture|therapist
numbness ! tingl*|numb* for a|one second|sec|moment|split
numbness + needles|prickles|pins ~3 in|on|down|through|along|into ~1 the|my ~1 sole|soles|foot|feet|toe|toes|leg|heel|shin|calf|side
numbness = not|cannot|barely|hardly feel ~1 my|the ~1 toe|toes|foot|feet|heel|sole|soles|leg|shin|calf|ankle
numbness ! numb*|tingl* ~4 cold|frozen|freezing|winter|frost*|chilly|ice|icebath|iced|icing
numbness ! cold|frozen|freezing|winter|frost*|chilly ~4 numb*|tingl*
numbness ! mind numb*
numbness ! face|lips|nose|cheeks|fingers|hands|ears|chin ~2 went|go|goes|gone|going|was|is|were ~2 numb*|tingl*
numbness ! face|lips|nose|cheeks|fingers|hands|ears|chin ~1 numb*|tingl*
numbness ! game|games|form|excuse|effort|efforts|performance|kick|sprint|finish|pacing|willpower|motivation|climbing|descending|showing|technique|skills|skill|stamina|endurance|fitness|engine|running ~2 weak
numbness ! numbingly
numbness ! legs ~3 dead|weak|weaker
numbness ! weak|weaker|dead|tired ~1 legs
numbness ! battery|watch|phone|garmin ~2 dead
numbness ! weakness in ~1 glute*|hip|hips|core|quad*|muscle*|hamstring*|calves|bum|butt|arches|abductor*|adductor*|flexor*|stabili*
numbness ! tingl* ~2 excitement|nerves|anticipation
numbness ! buzzing|buzzin|buzzed ~3 after|from|about|for|race|pb|result|finish|crowd|atmosphere|coffee|caffeine
numbness ! i|i'm|we|still|was|am|totally|absolutely buzzing|buzzin|buzzed
numbness ! weak ~3 heat|hungry|flu|cold|illness|sick|bug|virus|dehydrat*|tired|hangover|fasted|fasting|food
numbness + foot|feet|toe|toes ~2 slap*|drag*|flop*|drop*|scuff*|catch*|clip*|trail*
numbness + drag*|scuff*|slap*|clip*|catch* ~2 my|the ~1 foot|feet|toe|toes|ground
numbness + drop* foot|feet
numbness + cannot|not|unable|barely|hardly ~3 lift ~2 foot|toes|feet|ankle
numbness = no|lost|lose|losing|without|zero ~1 feeling|sensation
numbness + dentist*|anaesthetic|anesthetic|novocaine|novacaine|injection
numbness + fizz*|zap|zaps|zapping|electric*|buzz*|prickl*
numbness + foot|feet|toes|toe|leg ~3 asleep|sleep
numbness + foot|feet|toes|toe|leg ~3 sleeping
numbness + ants|insects|bugs ~2 crawling|walking|marching|running|under
numbness + foot|feet|toes|toe|leg|sole|soles|heel ~4 @notmine
numbness ! numb*|tingl*|pins|asleep|sleep ~2 @benignnumb
numbness + foot|feet|toe|toes|heel|sole|soles ~3 dead|deadness
numbness + weak|weaker|weakness ~3 foot|ankle|leg|toes|knee
numbness + leg|foot|knee ~2 weak|weaker
numbness + leg|foot ~2 not working|responding
numbness ! numb* ~3 ice|cold|gel|spray|cream|freeze|freezing|frozen
numbness ! numb* ~3 the|a|lidocaine|lignocaine|numbing|cooling|that patch|patches
numbness ! ice ~3 numb*
numbness ! weak ~1 coffee|tea|moment|excuse|joke|signal|wifi|gps|link|point|spot|side|week|area|glutes|glute|hips|core|quads|hamstrings|calves|bum|butt|arches|abductors
numbness ! no ~1 feeling|feel|sensation ~2 of|like|that|for|about|either
numbness ! asleep|sleep ~3 couch|sofa|bed|tv|telly|film|movie|afterwards|early|straight
numbness ! i|we ~2 fell|falling|went|go|fall ~1 asleep|sleep
numbness ! glute*|hip|hips|core|quad*|muscle*|hamstring*|calves|bum|butt|arches|abductor*|adductor*|flexor*|flexors|legs|stabili* ~4 weak|weaker|weakness
numbness ! electric ~1 bike|car|blue|scooter|toothbrush|atmosphere|vibe|crowd|pace|start|finish|run

# calf clot
calf_swelling + one @calf ~4 @bigger
calf_swelling + @calf ~4 @bigger than|of|compared
calf_swelling + @calf ~7 looks|look|looking|is|seems|got|gets|getting|gone|went|become|becomes|has ~2 @bigger
calf_swelling + @calf ~6 chunky|bloated|puffy|puffed|puffier|swole|drumstick|balloon|ballooned
calf_swelling + @calf ~4 tight as a drum
calf_swelling + left|right|one lower? leg ~4 @bigger|swollen|puffy|puffier|heavier
calf_swelling + lower leg ~4 @bigger|swollen|puffy|heavy|heavier
calf_swelling + one side ~4 @bigger|drumstick|swollen|puffy|chunky
calf_swelling + @calf ~5 on one side only?
calf_swelling + @calf ~4 hard|tender|warm and|& hard|tender|warm|swollen
calf_swelling + one|left|right @calf ~4 thick|fat|big|puffy|swollen|hard|enlarged

# trauma
# figurative sport idioms with a fall or a blow in them
trauma ! knocked|knock|knocks me? for six
trauma ! car crash
trauma ! trainwreck
trauma ! train wreck
trauma ! wheels ~2 fell|fall|falling|came|come off
trauma ! fell|fall|falls|falling|dropped|drop off the back
trauma ! tumble* ~3 standings|rankings|table|league|leaderboard|results|charts|order|places
trauma ! chiro*|osteo*|manipulat*|adjust*|cracked ~8 pop*|crack*
trauma ! yoga|spinal|seated|supine|lying ~2 twist*
trauma ! twist* ~1 pose|poses|stretch|stretches
trauma ! fell|fall|falling over|about laughing|laughing
trauma ! race|run|session|route|week|day|plan|watch|garmin|phone|app|strava ~4 crash*|collaps*|fell apart
# fall and twist frames
trauma + went|go|goes|going|gone down on|in ~2 ice|black|trail|track|road|gravel|pavement|kerb|curb|mud|rocks|grass|wet|leaves|stairs|steps
trauma + going|went|gone|go|goes over on ~2 ice|it|ankle|kerb|curb|camber|root|rock|trail
trauma + ankle|foot|knee : rolled|twisted|turned|sprained
trauma ! fell|falls on ~2 birthday|weekend|sunday|saturday|monday|tuesday|wednesday|thursday|friday|day|date|same|christmas|holiday|easter
trauma ! fell out with
trauma ! rain|snow|temperature|temps|pace|hr|mileage|darkness|leaves|night|weight|mercury ~2 fell|falls|falling
trauma ! pop* ~1 on|in ~2 podcast|music|headphones|earphones|earbuds|airpods|kettle|shoes|trainers|playlist|audiobook
trauma ! pop music|song|songs|playlist|tune|tunes|star|quiz|up|ups|corn|of
trauma ! snap* ~2 photo|photos|pic|pics|picture|pictures|selfie|shot|lace|laces|shoelace|at|back|out of it
trauma ! twist* my|your|his|her|the arm
trauma ! rolled over ~2 in|bed|and|to|onto|sleep
trauma ! rolled my eyes
trauma ! knocked back|a|some
trauma ! knocked it? on the head
trauma ! banged|bashed out
trauma ! kick* on|for|hard|it|up|home|off|in|into
trauma ! slipped ~1 my mind|under|below|back|behind|off the pace
trauma ! pace|times|splits|standards|form|grades ~2 slipped|slipping|fell|dropped
trauma ! stumbl* through|home
trauma ! stumbl* to|over|across the ~1 finish|line
trauma + ran|run|running|crashed|slammed|bumped|went|cycled|drove|rode|came ~2 into me
trauma + felt|heard ~1 something|it|summat go|give|tear|rip|twang|snap|pop|gone
trauma + stack|stacked|stacking it
trauma + ate|eaten|kissed ~1 pavement|tarmac|concrete|gravel|dirt|ground|floor|deck|mud|shit
trauma + went|go|goes|going|came|come|comes|coming down ~1 hard|heavy|heavily|badly|awkward*
trauma + came|come|comes a cropper
trauma + whack*|smack*|clatter*|thump*|wallop*|skittled|wipeout|faceplant*
trauma + clip|clipped|clips|clipping ~2 me|my|kerb|curb|root|rock|foot|toe|heel
trauma + bowled|wiped|wipe|face over|out|plant*
trauma + bit the dust
trauma + went|gone over ~3 pothole|hole|kerb|curb|root|rock|stone|drain|camber|edge|step|ankle
trauma + landed|stepped|trod|treading|stepping|landing on|in ~3 stone|rock|root|hole|pothole|kerb|curb|edge|drain|ball|acorn|branch|stick|rocks|stones|roots
trauma + turned|rolled|twisted it ~2 on|in|over|stepping|landing|when|coming|going|off
trauma + and turned|rolled|twisted it
trauma + ate|eat it on|at|hard|big|going|down|coming|bad|badly
trauma + lost|lose|losing my|his|her footing
trauma + hit the deck|ground|floor|tarmac|pavement|concrete|dirt
trauma + went|sent flying
trauma + turned|turn|turning|went over ~1 my|the|an|on ~1 ankle|foot
trauma + went|gone|go ~2 arse|ass|head over
trauma + took|had|take|taking a|an ~1 spill|tumble|fall|header|digger|stack|knock|dive|purler|cropper|trip
trauma + ran|run|running|crashed|slammed|smashed|went|bumped ~2 into ~1 a|the ~1 post|pole|bollard|lamppost|lamp|tree|wall|cyclist|bike|car|dog|bench|gate|bin|sign|kerb|curb|barrier
trauma + pulled|knocked|pushed|tripped me over|down|flying
trauma + trip|trips|tripd|tript|tripped|trippin|tripping over|on|up
trauma + fell|falls|fallen|falling over|down|off|onto|on
trauma + land|landed|landing ~2 awkward*|badly|wrong|funny|weird*|heavily|hard
trauma + pop|popped|popping|crack|cracked|crunch*|snap|snapped|rip|ripped|tear|tore ~3 sound|noise|feeling|felt
trauma + heard|felt ~2 pop|crack|snap|crunch|clunk|tear|rip|twang
trauma ! fell|fall|falls|falling|fallen behind|apart|short|asleep|for
trauma ! fell|fall|falling into ~1 rhythm|groove|pace|routine|habit|line|step
trauma ! fell|fall|falling in with|step|line|behind
trauma ! fell|falling|fall off ~1 pace
trauma ! fell in love
trauma ! fell|falling|fall about|around laughing|laughing
trauma ! bowled|blown over|away by
trauma ! trip* the|a|my ~1 timer|watch|alarm|switch|breaker|sensor|mat|beam|wire|circuit|light|lights|fuse
trauma ! fall 1|2|3|4|5|6|8|10|12|15|16|20|21|25|30|42|50|100|10k|5k|half|marathon|race|races|season|colours|colors|leaves|run|runs|series|foliage|weather|classic|league|trail|trails|marathons|10ks
trauma ! twisty|twisting|twists ~3 trail|trails|route|course|path|track|descent|singletrack|roads|lanes|turns
trauma ! pop|popped|popping|pops out|over|round|down|by ~3 for|to|a|the|some|quick|shop|shops|cafe|coffee|run|jog|5k|10k
trauma ! pop|popped|popping|pops into|in ~2 for|to|a|some|quick|shop|shops|cafe|coffee|run|jog|5k|10k|town|work|office|gym|store
trauma ! pop|popped|popping a|some|two|couple ~2 painkiller*|pill*|ibuprofen|nurofen|paracetamol|tablet*|gel|gels
trauma ! pop|popped|popping|pops into|round|over|by|along|down|to ~2 the|a|physio|doctor|gp|shops|shop|store|pub|cafe|work|town|club|track|park|gym|see|chemist|pharmacy|clinic
# "legs were popping": legs that felt good
trauma ! legs|leg were|are|was|is|felt|feel|feeling|been popping|poppin
trauma ! crash* out|on|into ~2 couch|sofa|bed|nap|asleep|early
trauma ! went for it
trauma ! hit the wall|hills|track|trails|road|gym|splits|mark
trauma ! hit a|my pb|pace|target|splits|goal
trauma ! clip* along|on|off|through|past
trauma ! clip* ~1 pace
trauma ! whack* ~1 out|on|up ~2 a|some|the ~2 tempo|session|intervals|pace|miles|reps|hills
trauma ! turn* ~2 ankle ~2 tape|strap|brace|support|weights|exercise*|circles|rotations|mobility
trauma ! took a|an ~1 tumble ~2 dryer|drier
trauma ! trip* up? over ~1 myself|words|each|people
trauma ! roll|rolled|rolling|rolls ~4 foam|roller|ball|stick|massage|gun
trauma ! blister|blisters|spot|pimple|bubble|balloon|cork|champagne|prosecco ~2 pop*
trauma ! pop* ~2 blister|blisters|pimple|cork|bubble|balloon|pill|pills
trauma ! rip|ripped|tear|tore up|into|through ~1 the|it ~1 course|field|trail|track|road|hills|hill|session

# worsening
# figurative: results and times getting worse are not pain
worsening ! from bad to worse
worsening ! settl*|better|improv*|eas*|calm*|less ~3 @time by|after|on @time
worsening ! race|session|times|segment|splits|pace|season|result|results|form ~3 downhill|worse
worsening ! sleep|slept|sleeping|diet|hydration|mood|stress|traffic|weather ~3 worse
worsening ! worse than ~2 expected|thought|planned|forecast|predicted|remember|remembered|imagined|hoped|feared
worsening + more|worse|sorer and more|worse|sorer
worsening + creep*|crept up
worsening ! mileage|miles|numbers|distance|volume|km|kms|pace|weekly|fitness|weight ~1 creep*|crept
worsening + creep*|crept ~3 each|every|week|weeks|day|days
worsening + more bad|worse
worsening + worser|badder
worsening + each|every @time ~6 more|worse|sorer|bad|badder|worser|painful|earlier|sooner|bigger|stronger|greater|higher|sharper
worsening + bigger|stronger|greater|higher|sharper|earlier|sooner|more ~3 each|every ~1 @time
worsening + @time by|after|on @time
worsening + heading|going|moving|trending|gone|went ~2 wrong way|direction
worsening + heading|going|trending|gone|went south|backwards
worsening + going|gone|went downhill fast|quickly|rapidly|since|this|each|every|over
worsening + going|gone|went|been downhill for|over ~2 week|weeks|month|months|days|fortnight
worsening + nastier|sorer|stronger|angrier|worser|achier than ~2 before|ever|last|was|previous|earlier|ago
worsening + more sore|painful than ~2 before|last|ever|previous|ago
worsening + from a? niggle|twinge|ache ~3 to ~3 sore|painful|proper|pain|limp|agony|hurting|constant
worsening + despite ~4 @less|stopped|stopping|break|physio|cutting|backed|halved
worsening + even with|after ~3 @less|break
worsening + builds|building|built|ramping|ramped|escalat*|spreading|spread|increasing|increased ~2 week|weeks|each|every|day|days|over
worsening ! spread* over|across|along|around ~2 a|few|the|inches|area|length|whole|width|couple
worsening + keeps|kept getting ~2 worse|sorer|more
worsening + increas*|rising|growing|grows ~3 despite|even
worsening + longer ~4 settle|calm|go ~3 each|every
worsening ! pace|form|times|splits|weather|heat|traffic|rain|wind|breathing|legs|fatigue|tiredness|energy|garmin|watch|gps|signal|hr ~3 worse
worsening ! worse ~3 on|up|by|towards|toward|near|at|during|in the ~1 last|final ~1 climb|hill|hills|km|k|mile|miles|lap|laps|rep|reps|stretch|section|part|bit|kms|half|sprint|descent
worsening ! worse ~3 towards|toward|near|at|by the end|finish
worsening ! worse ~3 second|back half
worsening ! worse ~6 gone|eased|settled|fine|cleared ~2 time|after|once|when|afterwards|stopped|finished
worsening ! worse ~3 as|the ~1 i|run|further|longer|went
worsening ! worse ~2 each|every lap|rep|mile|km|interval|loop
worsening ! could ~2 worse
worsening ! worse ~2 weather|conditions|pace|legs|luck|breath
# ---------------------------------------------------------------------------
# Concept classes: how a flag feels or what it stops the runner doing, said
# in metaphor or by its consequence rather than by its name. A new image is
# one word in a class.
@limb = knee, knees, kneecap, ankle, ankles, foot, feet, leg, legs, calf, shin, hip, heel, joint, it, it's, toe, toes, sole, soles, thigh
@roundthing = balloon, cantaloupe, melon, watermelon, grapefruit, orange, football, tennis ball, golf ball, cricket ball, egg, goose egg, plum, apple, lemon, pumpkin, basketball, bowling ball, softball, tomato, beach ball
@fatsimile = sausage, bowling pin, drumstick, balloon, ham, tree trunk, water balloon, stuffed, overstuffed
@burst = burst, bursting, pop, explode, exploding, split
@gwverb = folds, folding, folded, fold, lets go, let go, letting go, quits, quit, quitting, switches off, switched off, cuts out, cut out, sags, sagged, sag, sagging, sinks, sinking, sank, dips, dipped, disappears, disappeared, vanishes, betrays, betrayed, caves, caved, wobbles out, slips out, crumples, crumpled, crumbles, crumbled
@notthere = might not be there, may not be there, will not be there, not be there, is not there, was not there
@gwsimile = wet cardboard, loose screws, loose hinge, a loose hinge, jelly, noodle, wet noodle, overcooked spaghetti, rubber band, wet paper
@refuse = refuses, refused, refuse, refusing, will not have, would not have, will not take, would not take, will not accept, does not want, did not want, says no, say no, said no, on strike, will not let me, would not let me, does not let me, did not let me
@load = weight, load, my weight, body weight, the body, any weight, any load, pressure
@aid = walking stick, stick, cane, crutch, crutches, walking frame, zimmer, frame, walker
# clock times are their own lines: a score digit must not be their anchor
@smallhour = midnight, small hours, wee hours, early hours, middle of the night
@sleepwreck = awake, up at night, up all night, up half the night
@hotthing = radiator, oven, furnace, heater, toaster, stove, hotplate, fire, lava, kettle, hot water bottle, mug of tea, cup of tea, cup of coffee, teapot, hob, volcano, coals, ember, embers, sun all day, hot potato
@rise = snowballing, snowballed, snowballs, ramping up, ramps up, ramped up, ratcheting up, ratcheted up, ratchets up, climbing, climbs, creeping up, building, builds, growing, grows, rising, rises, mounting, escalating, increasing, going up, edging up, inching up, notching up, coming further in, getting nastier, getting sorer, getting angrier, getting achier, getting stronger, getting sharper, getting more painful, getting worse
@ignore = forgets, forgot, forgetting, ignores, ignoring, lazy, mind of its own
@wrap = cling film, clingfilm, bubble wrap, cotton wool, plastic wrap, wrapped in plastic
@garment = trainer, trainers, shoe, shoes, boot, boots, sock, socks, jeans, trousers, leggings, tights, sandal, sandals
@nogo = no go, nogo, not happening, impossible, out of the question, no way, a no, nope
@thenight = the night, at night, of the night, in the night, the nights, at nights
@fever = 37.5, 37.6, 37.7, 37.8, 37.9, 38, 38.1, 38.2, 38.3, 38.4, 38.5, 38.6, 38.7, 38.8, 38.9, 39, 39.1, 39.2, 39.5, 40, 100, 101, 102, 103
@mouth = mouth, gum, gums, jaw, tooth, teeth, lip, lips, face, tongue
@notme = ego, head, pride, crowd, crowds, river, rivers, stream, streams, numbers, field, ranks, bank, account, chest, heart, music, orchestra, sea, tide, waves, wallet, budget, heart, lake, brook, burn, creek

swelling + @limb ~4 like a|an ~2 @roundthing
swelling + @roundthing ~3 under the? skin
swelling + double|twice the|it's size
swelling + @limb ~3 thick|thicker|thickened|inflated|ballooned
swelling + skin ~3 tight|stretched and|& shiny
swelling + shiny tight|stretched skin
swelling + dimple|dimples|hollow|hollows|contour|contours|grooves|outline ~7 filled|gone|disappeared|vanished|lost|smoothed
swelling + kneecap|cap|patella ~4 float*|bob|bobs|bobbing|bounc*|ballot*
swelling + jeans|trousers|tights|leggings|sock|socks|shoe|shoes|boot|boots ~3 not|cannot ~2 go|fit|get ~1 over|on|round
swelling + about to @burst
swelling = cannot|not ~2 get|fit|pull ~2 @garment ~1 on|over|round
swelling ! @notme ~3 swell*|swollen
swelling ! swollen|swelled|swelling ~2 river|rivers|stream|streams|crowd|crowds|ranks|numbers|burn|creek
swelling ! the|a|big|huge|ocean|sea|surf swell
swelling ! swell on|in|at the ~1 beach|sea|ocean|bay|harbour|harbor|surf
swelling ! bite|bites|sting|stings|mosquito|midge|insect|bug|wasp|bee|nettle|nettles|blister|pimple|rash|tick ~5 swell*|swollen|puffy|puffed|up
swelling ! swell*|swollen|puffy ~3 bite|bites|sting|stings|mosquito|midge|insect|wasp|bee|nettle|tick

calf_swelling + @calf ~5 like a|an ~1 @fatsimile
calf_swelling + @calf ~6 about to @burst
calf_swelling + @calf ~4 full|fuller|pumped ~1 and|& heavy|tender|sore|hard|tight
calf_swelling + @calf ~4 pumped ~8 days|day|week
calf_swelling ! heavy ~1 legs
calf_swelling ! dvt|clot ~2 scare|scares|test|tests|scan ~4 ruled|clear|negative|fine|normal

giving_way + knee|leg|it|ankle ~3 @gwverb
giving_way = knee|leg ~3 @notthere
giving_way + missing|missed|miss a|the ~1 stair|step|kerb|curb
giving_way + sudden dip|drop|sag
giving_way + does|did|do a ~1 little|sudden|weird? drop|dip
giving_way + @limb ~5 like ~2 @gwsimile
giving_way = not|cannot ~1 hold|support|carry me|my
giving_way + knee|it|leg ~2 just|suddenly goes|went|gone ,|and|whoosh
giving_way + knee|it ~2 shifts|shifted|shifting|slides ~1 when|as|on|if
giving_way + sinking|sinks|sank|crumpl*|sagg*|dropping|dips ~2 under|beneath me
giving_way ! shoe|shoes|trainers|racers|spikes|flats|soles|sole|insoles|insole|foam|stack|platform|carbon|plates ~3 unstable|wobbly|wobble|wobbles|unsteady
giving_way ! unstable|wobbly|unsteady ~2 shoe|shoes|trainers|racers|spikes|soles|sole|insole|insoles|underfoot
giving_way ! buckl* my|the|a|his|her ~1 seat|seatbelt|belt|helmet|strap|straps|shoe|shoes|kid|kids|child|vest|bag|pack
giving_way ! pace|splits|hr|heart|temperature|temps|wind|prices|price|mileage ~2 @gwverb

locking ! stuck|stick|sticking|sticks to ~2 the|my|a|it|plan|schedule|pace|routine|program|programme|guns|script
locking ! lock* in for|to|with|now|at
locking + knee|it|joint|leg ~2 freezes|froze|freezing|frozen ~4 bent|position|place|angle|release*|click*|straight
locking + knee|it|joint|leg ~1 stopped|stops|stuck|froze|freezes|halts|halted halfway|midway|partway
locking = refus*|not ~3 straighten*|unbend*
locking + flips|flip|flipped|slips|slipped ~2 in ~2 block*|lock*|jam*|catch*

cannot_bear_weight + tiptoeing|tiptoe|tiptoed everywhere|around|about|round
cannot_bear_weight + walking|walk|stepping|step on ~1 glass|knives|nails|razors|razor|blades|coals|lego|legos
cannot_bear_weight = @limb ~3 @refuse ~3 @load|stand|walk|standing|walking
cannot_bear_weight + @limb ~3 say|says|said no when ~3 put|stand|step|weight
cannot_bear_weight + @limb ~2 on strike
cannot_bear_weight + one legged life|existence|week|days
cannot_bear_weight ! weight of ~2 expectation*|world|history|responsibility|pressure|guilt|it|everything
cannot_bear_weight = standing|walking|weight|stand|walk|steps|step ~4 @nogo
cannot_bear_weight = without ~2 holding|hold|grabbing|leaning ~3 wall|walls|furniture|rail|railing|banister|bannister|something|onto
cannot_bear_weight + using|use|uses|need|needing|needed|borrowed|borrowing|got|get|dug|with|on ~4 @aid ~4 to|round|around|get|for|house|home
cannot_bear_weight + @aid ~8 for me
cannot_bear_weight + shuffl*|walk*|hobbl*|stand* ~3 on ~2 outside|outer|edge|heel|heels|tiptoes|toes
cannot_bear_weight + every|each step ~2 is ~2 wince|agony|torture|nightmare|ordeal|@hurt
cannot_bear_weight + weight|load ~2 too much for ~1 it|the|my
cannot_bear_weight + walk* with one leg and a? half
cannot_bear_weight = not|cannot ~4 take|bear|hold|carry ~2 any|much|my|the|full|no ~1 load|weight

bone_pain + @hurt ~6 @hop|@bounce
bone_pain = @hop|@bounce ~4 @nogo
bone_pain ! skin and bones
bone_pain ! bone to pick
bone_pain ! like a bone
bone_pain ! bare bones
bone_pain ! bone chilling|chilled|dry|idle|tired|weary|headed|head|marrow
bone_pain ! lazy bones
bone_pain ! sit|sitting|sits|seat bone|bones
bone_pain ! sitbone|sitbones|sitbone's
bone_pain ! in my bones

night_pain + every|each|most night|nights
night_pain + @hurt|throb*|pound*|nag*|awake|ache ~4 @smallhour
night_pain + @hurt|throb*|pound*|nag*|awake|ache ~4 1|2|3|4|5 am
night_pain + @smallhour ~2 @hurt|throb*|pound*|wake|toothache|aching
night_pain + 1|2|3|4|5 am ~2 @hurt|throb*|pound*|wake|toothache|aching
night_pain + @hurt|throb*|pound*|aching lying|laying down|flat
night_pain + wake|wakes|woke|waking|woken up? from|with|because|cos ~4 @hurt|throb*|pound*|nag*
night_pain + @hurt|throb*|nag*|pound*|keeps|kept|keep|keeping|nags|bugs|wakes|kicks ~2 me awake
night_pain + nights|night|bedtime are|is ~1 the? worst|bad|hell|awful|horrible|terrible|murder
night_pain = resting|rest|sitting|lying ~3 not|never ~2 switch|turn|shut|stop|settle|ease
night_pain + humming|buzzing|throbbing|nagging|aching ~4 at|in|while|when rest|resting|bed
night_pain + even in|at rest
night_pain + @hurt|worse|more ~5 @thenight
night_pain ! wake|woke|waking|woken|up ~5 to ~1 drive|catch|get|make|travel|go|run|start|leave|race
night_pain ! night|nights before
night_pain ! night run|runs|race|races|session|trail|relay|shift|shifts|out

hot_joint + warm|hot ~2 and|& red|reddish|pink|pinkish|flushed|shiny
hot_joint + @limb ~4 like ~3 @hotthing
hot_joint + feel|feels|felt|feeling the? heat|warmth ~3 through|from|off|coming ~2 sock|skin|it|knee|ankle|joint|tights|leggings|hand|palm|tape
hot_joint + warm|hot|toasty|boiling|roasting|burning|warmer|hotter ~1 to the? touch
hot_joint + warmer|hotter than the? rest|other|everywhere|elsewhere
hot_joint + temperature|temp|fever|thermometer ~3 @fever
hot_joint ! it|weather|day|sun|afternoon|morning was|is|it's boiling|baking|scorching|sweltering|roasting|stinking ~1 hot
hot_joint ! feverish ~1 pace|pitch|speed|rush|excitement|atmosphere|tempo|effort|finish|sprint

numbness + @limb ~4 like ~3 thick|extra|two|double ~3 socks|sock|gloves
numbness + @limb ~6 @wrap
numbness + dead|numb to the? touch
numbness + @limb ~3 @ignore
# fuzzy feet and toes
numbness + foot|feet|toes|toe|sole|soles|heel|leg ~4 fuzzy|furry|fuzz
numbness + goes|going|gone|went|go all? fuzzy|furry
# "can't hop without it stabbing", "hopping is like getting stabbed"
bone_pain = cannot|not|never ~4 @hop ~6 without ~1 it|pain|hurting|stabbing|agony
bone_pain + @hop ~6 like ~2 stab*|knife|knives|nail|nails|glass|daggers
# knocked over by someone or something
trauma + got|was|been|get cleaned|taken|wiped|knocked|mown|mowed|clipped|skittled|flattened up|out|over|down by
trauma + got|was|been cleaned|taken|wiped|flattened|skittled|clattered by
hot_joint + feels|feel|felt|feeling like ~1 a @hotthing
# physio talk: a "lazy" muscle is one to strengthen, not a nerve symptom
numbness ! glute|glutes|gluteus|med|medius|minimus|core|muscle|muscles|quads|hamstrings|hammy|abductors ~3 @ignore
numbness = @limb ~3 not|never ~1 answer*|respond*|listen*
numbness + static|fizzy|fizzing|carbonated ~3 @limb|in|down|through
numbness ! dentist*|anaesthetic|injection ~3 @mouth
numbness ! numb* ~2 @mouth

worsening + snowball*|ratchet*
trauma + went|go|goes|gone ~1 crunch|crack|snap|twang|clunk|bang
trauma + ankle|foot ~5 sideways
trauma + ankle|foot ~5 wrong ~1 way
trauma + stomped|stamped|trod|trodden|stood|landed ~1 on ~1 my ~1 @limb
worsening + keeps|kept|keep|slowly|steadily|gradually|only|just|still ~1 @rise
worsening + pain|ache|soreness|it|it's ~2 is|keeps|kept|has|been ~1 @rise
worsening + only|steadily|slowly|gradually|just|has|have|it's gone|went|going downhill
worsening + higher|worse|sorer|more than ~1 last|the ~1 week|weeks|time|day|month before?
worsening ! mileage|miles|volume|km|kms|distance|pace|hr|heart|elevation|cadence|weight|score|vo2 ~6 higher|climbing|rising|increasing|building|going up
worsening ! worse for wear
worsening ! worse after ~4 than before
worsening ! worse ~6 is|being normal|usual|typical|expected
# ---------------------------------------------------------------------------
# dev6 families: kit, places, weather, treatment and idioms that carry a
# symptom word but are not the runner's body.
@kit = shoe, shoes, trainers, asics, nikes, hokas, brooks, insole, insoles, foam, midsole, midsoles, sole, soles, racers, wheel, wheels, pushchair, pram, buggy, chair, bench, bottle, roller, stick, pole, poles, strap, straps, lace, laces, shoelace, velcro, zip, zipper, tape, machine, shockwave, gun, massager, device, watch, tights, sleeve, brace
@place = road, ring, motorway, traffic, train, bus, tube, platform, station, lights, work, office, meeting, standstill, funnel, pen, queue, gym, door, house, lift, elevator, airport, jam, rain, shower, storm, pacer, group, crowd, start, car, home, corral, crossing, junction
@chafe = sunburn, sunburnt, sunburned, suncream, sunscreen, chafe, chafed, chafing, chaffing, rub, rubs, rubbed, rubbing, friction, belt, strap, massager, squeezes, squeezing, blister, tape, taped
@travel = heat, humid, humidity, summer, flight, plane, flying, travel, travelling, traveling, hot, long haul
@cream = deep heat, deepheat, cream, tape, taped, taping, balm, rub, gel, strapping, liniment, menthol, tiger balm, ice, icing
@cold = cold, chilled, chilly, freezing, frozen, rain, wet, wind, windy, start line, start pen

giving_way ! @kit ~4 collaps*|gave|give|giving|buckl*|went
numbness ! @kit ~2 dead|deader
trauma ! @kit ~3 snap*|crack*|broke|pop*|bang*|clunk*
trauma ! snap*|crack*|broke in half|two
trauma ! pop gun|guns
trauma ! knock*|knocked ~3 bottle|cup|glass|mug|drink|phone|watch|vase
locking ! @kit ~3 catch*|caught|stuck|snag*|jam*|lock*|froze
giving_way ! buckle|buckled|buckling|buckles down and|to|for|,|.|!
giving_way ! buckle|buckles on|of|from my|the|a|his|her ~2 @kit|vest|belt|bag|pack|helmet|watch|jacket
giving_way ! the|a|my|vest|belt|strap|shoe|bag buckle|buckles
trauma ! fell|fall|falling|fallen head over heels
locking ! lock|locked|locking myself|masel|meself|mysel|ourselves|himself|herself|themselves out|in
hot_joint ! like running|run|ran|racing|jogging|being in|through ~2 oven|ovens|sauna|furnace|microwave|desert|kiln|steam
locking ! lock|locking laces|lacing|lace|loop|knot|trick
locking ! heel|runner's|runners|runner ~1 lock|locking
locking ! bike|door|car|gate|locker|padlock ~1 lock|locks
locking ! stuck|caught|jammed ~1 on|in|at|behind|outside|inside|by ~3 @place
locking ! i|we|i'm|we're ~2 stuck|caught ~1 at|in|on|outside|inside|behind|by|out|with|for|between|waiting
locking ! caught by|out|behind
locking ! the|this|that|my|our|training|race|build|base|next|last|hill|speed|marathon|strength|mileage|time|previous|current block|blocks
locking ! breaking|broke|broken me
bone_pain ! spirit|spirits|morale|mentally|heart|mind ~2 broken|breaking|broke
bone_pain ! like|was|am|i'm|felt|feel|feeling|totally|completely|utterly broken ~1 at|by|after|from|haha|lol|,|.|!|and|but|today|now|tonight
bone_pain ! broken ~1 at|by ~2 the|end|finish|session|800s|400s|intervals|reps
bone_pain ! breaking me
bone_pain ! bone crush*|crusher|shaking|jarring|rattling
swelling ! @travel ~4 feet|hands|fingers|ankles ~2 swell*|puffy|swollen
swelling ! feet|hands|fingers ~3 swell*|puffy|swollen|puffed ~6 @travel
swelling ! swollen|swelled|big head|ego
swelling ! swollen|swelled ~1 head
swelling ! puddle*|bog|boggy|mud|muddy|river|stream|wet|water|soaked|soggy|rain ~6 squelch*
swelling ! squelch* ~2 home|back|through|along|in|around|round
swelling ! like a|an ~2 ball ~2 lodged|wedged|knot
swelling ! tennis|golf|lacrosse ball ~2 lodged|wedged
hot_joint ! @chafe ~6 red|hot|warm
hot_joint ! red ~1 patch|mark|marks|line|lines|welt|welts ~3 skin|from|where
hot_joint ! skin ~3 red ~3 from
hot_joint ! red and|& cold|white|numb|blue|pale
hot_joint ! hot as hell|anything|hades ~2 out|outside|there|today|this
hot_joint ! tarmac|road|pavement|sand|track|surface|ground|asphalt ~8 heat|hot|warm
hot_joint ! hot|warm tarmac|road|pavement|sand|track|surface|ground|asphalt
hot_joint ! went|go|going|set|started|start|came out|off ~2 too|way|so|bit|a ~1 hot
hot_joint ! shiver* ~6 @cold
hot_joint ! @cold ~6 shiver*
hot_joint ! vet|vets|dog|dog's|dogs|cat|puppy|paw|paws ~6 hot|red|infection|infected|fever
numbness ! @cream ~8 numb*|tingl*
numbness ! numb*|tingl* ~3 is|was|it's the|that ~1 @cream
numbness ! like ~2 dentist*
numbness ! white|pale|blue|purple and|& numb*
trauma ! collision|clash of ~1 egos|wills|minds|ideas
trauma ! fell|fall|falling|fallen off|on the wagon
trauma ! twist* ~3 arm
trauma ! machine|shockwave|gun|device|massager ~8 pop*|crack*|bang*
worsening ! worse*|crept|creep*|built|building ~4 over|during the ~2 session|run|workout|race|intervals|reps|tempo
worsening ! worse* ~3 in the second|back half
night_pain + @hurt ~4 in the bed
night_pain + wake|woke|waking up? ~1 two|three|four|2|3|4|several|many times
hot_joint + pinker|redder than the? @other
cannot_bear_weight ! walk*|step* on ~1 lego|legos ~3 faint*|slight*|bit|little|mild*
`

// anchor is a cheap necessary condition for a lexicon pattern: one of
// these tokens (or a token with one of these prefixes) must be present, so
// most patterns never run their regular expression on a given report.
type anchor struct {
	exact, prefix []string
}

func (a *anchor) present(toks map[string]bool, list []string) bool {
	if a == nil {
		return true
	}
	for _, w := range a.exact {
		if toks[w] {
			return true
		}
	}
	for _, p := range a.prefix {
		for _, t := range list {
			if strings.HasPrefix(t, p) {
				return true
			}
		}
	}
	return false
}

// lexVeto is a compiled veto line.
type lexVeto struct {
	re     *regexp.Regexp
	anchor *anchor
	at     *tokenStart // nil: run re over the whole text
}

// lexClass is a word class: its regular expression and the first word of
// each of its phrases (for anchors).
type lexClass struct {
	re      string
	first   []string
	phrases [][]string // the phrases word by word, for the token matcher
}

// compileLexicon turns lexiconText into rules and per-flag vetoes.
func compileLexicon(src string) (rules []flagRule, vetoes map[Flag][]lexVeto) {
	classes := map[string]lexClass{}
	vetoes = map[Flag][]lexVeto{}
	for n, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "@") {
			name, body, ok := strings.Cut(line, "=")
			if !ok {
				panic(fmt.Sprintf("lexicon line %d: class without =", n+1))
			}
			var c lexClass
			var alts []string
			for _, phrase := range strings.Split(body, ",") {
				words := strings.Fields(phrase)
				if len(words) == 0 {
					continue
				}
				c.first = append(c.first, words[0])
				c.phrases = append(c.phrases, slices.Clone(words))
				for i, w := range words {
					words[i] = regexp.QuoteMeta(w)
				}
				alts = append(alts, strings.Join(words, " "))
			}
			c.re = "(?:" + strings.Join(alts, "|") + ")"
			classes[strings.TrimPrefix(strings.TrimSpace(name), "@")] = c
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			panic(fmt.Sprintf("lexicon line %d: want <flag> <op> <pattern>", n+1))
		}
		flag := Flag(f[0])
		if !flag.Valid() {
			panic(fmt.Sprintf("lexicon line %d: unknown flag %q", n+1, f[0]))
		}
		pat, anc, first := patternRE(f[2:], classes, n+1)
		re := regexp.MustCompile(pat)
		at := tokenPatternOf(f[2:], classes, first)
		switch f[1] {
		case "+":
			rules = append(rules, flagRule{flag: flag, re: re, anchor: anc, at: at})
		case "=":
			rules = append(rules, flagRule{flag: flag, re: re, immune: true, anchor: anc, at: at})
		case "!":
			vetoes[flag] = append(vetoes[flag], lexVeto{re: re, anchor: anc, at: at})
		default:
			panic(fmt.Sprintf("lexicon line %d: unknown op %q", n+1, f[1]))
		}
	}
	return rules, vetoes
}

// Tokens too common to be worth checking as an anchor.
var commonAnchor = wordSet(`i a an the my it to on in and not no is of me at`)

// patternRE compiles pattern items into a regular expression over the
// space-joined tokens, and picks the most selective required item as its
// anchor. first, when not nil, holds the tokens a match can start with (see
// tokenStart).
func patternRE(items []string, classes map[string]lexClass, line int) (pat string, best, first *anchor) {
	var b strings.Builder
	b.WriteString(`(?:^| )`)
	isFirst, leadingGap := true, false
	bestCost := 1 << 30
	for _, it := range items {
		if strings.HasPrefix(it, "~") {
			if isFirst {
				leadingGap = true // a match can start anywhere
			}
			n, err := strconv.Atoi(it[1:])
			if err != nil || n < 1 {
				panic(fmt.Sprintf("lexicon line %d: bad gap %q", line, it))
			}
			// A gap never crosses the end of a sentence or a bracket.
			fmt.Fprintf(&b, `(?: [^ .!?;()"]+){0,%d}`, n)
			continue
		}
		opt := strings.HasSuffix(it, "?") && len(it) > 1
		if opt {
			it = strings.TrimSuffix(it, "?")
		}
		var alts []string
		anc := &anchor{}
		cost := 0
		for _, a := range strings.Split(strings.Trim(it, "()"), "|") {
			switch {
			case strings.HasPrefix(a, "@"):
				c, ok := classes[a[1:]]
				if !ok {
					panic(fmt.Sprintf("lexicon line %d: unknown class %q", line, a))
				}
				alts = append(alts, c.re)
				anc.exact = append(anc.exact, c.first...)
			case strings.HasSuffix(a, "*"):
				alts = append(alts, regexp.QuoteMeta(strings.TrimSuffix(a, "*"))+`[a-z']*`)
				anc.prefix = append(anc.prefix, strings.TrimSuffix(a, "*"))
				cost += 5
			default:
				alts = append(alts, regexp.QuoteMeta(a))
				anc.exact = append(anc.exact, a)
			}
		}
		for _, w := range anc.exact {
			cost++
			if commonAnchor[w] {
				cost += 1000
			}
		}
		if !opt && cost < bestCost {
			best, bestCost = anc, cost
		}
		sep := " "
		if isFirst {
			sep = ""
			// Even when optional, the first item is where a match starts:
			// skipping it would need two spaces in a row.
			if !leadingGap && !slices.Contains(alts, "") {
				first = anc
			}
		}
		tok := sep + "(?:" + strings.Join(alts, "|") + ")"
		if opt {
			tok = "(?:" + tok + ")?"
		}
		b.WriteString(tok)
		isFirst = false
	}
	b.WriteString(`(?: |$)`)
	return b.String(), best, first
}

var lexRules, lexVetoes = compileLexicon(lexiconText + paraphraseLexicon + explainedLexicon)

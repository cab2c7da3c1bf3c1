package coach

// paraphraseLexicon extends lexiconText (same syntax) with the ways a runner
// describes a red flag without its keyword, modelled as kinds of
// description rather than sentences: what the runner sees (one side bigger,
// the sock leaves a line, the outline has gone), what the joint does (stuck
// until wiggled, lets them down), what they can't do (hop to the car, hold
// the wall), the tests that hurt (tap the bone, squeeze the heel, land on
// one leg), when it hurts (the small hours, sitting still), warmth and
// fever, nerve sensations (a current down the leg, touch felt as nothing),
// a calf after a flight or on the pill, the mechanism (a snap like a stick)
// and the trend (creeping up each week). Each pattern composes a class of
// body parts or actions with a class of states or reactions, so a new
// paraphrase of the same idea is one word in a class.
const paraphraseLexicon = `
# ---------------------------------------------------------------------------
# dev9 round: kinds of description
@pstays = deep, stay, stays, stayed, still, all round, all around, in the skin
@pdrum = tight and full, like a drum, like a balloon
@pbent = at an angle, half bent, in a bend, bent
@pinway = getting in the way, in the way, gets in the way, got in the way
@pmight = might, may, will, could, would, going to, gonna, about to
@psudden = suddenly, without warning, out of nowhere, randomly, unexpectedly, all of a sudden, with no warning
@pstairway = one at a time, one step at a time, on my bum, on my backside, both hands, like a toddler, like a child, two feet per step, sideways, backwards
@pthrough = into the bone, through the bone, in the bone, right through, through the joint, into the joint
@pfeverish = hot and cold, cold sweats, night sweats, burning up, teeth chattering, rigors, sweats and chills
@pper = each, every, per, by the, week on, a, over the, with each, with every
@pjoint = knee, knees, kneecap, ankle, ankles, foot, feet, joint, heel, toe, toes, instep, it, it's, that one, this one
@psizeup = double, twice the size, twice as big, double the size, bigger, fuller, fatter, larger, thicker, wider, puffier, rounder, more round, more rounded, more large, more big, more fat, more thick, more full, plumper, chubbier, chunkier, podgier, pudgier, lumpier, bulkier, swollener, more swollen, more puffy, a size up
@pother = the other, the other one, the other side, my other, the good one, the good side, the left, the right, my left, my right, left, right, r, l, the r, the l, the opposite, the opposite one, its twin, before, usual, normal, it was, it used to be, yesterday, last week, this morning
@pwear = sock, socks, shoe, shoes, trainer, trainers, runners, boot, boots, sandal, sandals, slipper, slippers, strap, straps, sandal strap, jeans, trousers, leggings, leggins, tights, brace, sleeve, compression sleeve, flip flop, flip flops, laces
@plandmark = kneecap, knee cap, ankle bone, ankle bones, anklebone, knobbly bits, knobbly bit, knobbles, bony bits, bony bit, outline, contours, contour, dimples, dimple, hollows, hollow, definition, edges, edge, tendons, veins
@pbag = bag, sack, pocket, balloon, bubble, cushion, pillow, waterbed, bladder, pouch, sponge
@pliquid = liquid, water, fluid, jelly, custard

swelling + @pjoint|leg ~5 @psizeup ~2 than|then|vs|versus|compared ~2 to|with? @pother
swelling + @pjoint|leg ~5 double|twice|triple ~1 the|its|my ~1 other|left|right|good|normal|usual
swelling + @pwear ~4 left|leaving|leaves|made|makes|making ~3 line|lines|dent|dents|groove|indent*|imprint*|pit|pits
swelling ! tan|sun|red|pink|white ~2 line|lines|mark|marks
swelling ! rubbed|rub|rubbing|chaf*|blister* ~6 line|lines|mark|marks|dent
swelling + @pwear ~3 line|lines|mark|marks|dent|dents|groove|indent*|imprint* ~3 @pstays
swelling + pitting|pits|pitted|dent|dents|dimple|dimples ~3 when|if|where|after i? press*|push*|prod*|poke*
swelling + press*|push*|prod*|poke* ~6 dent|dents|pit|dimple|hole ~2 stays|stayed|remains|remained|left
swelling + @pwear ~5 tight|tighter|snug|snugger|digging ~4 that|one|injured|sore|bad|affected|swollen ~1 side|foot|leg|ankle|one
swelling + @pwear ~5 tight|tighter|snug|snugger|digging ~4 side|foot|leg|ankle|knee|calf|thigh|one only
swelling + @pwear ~6 tighter|snugger than ~1 @pother
swelling + @pwear ~3 now|suddenly ~3 tight|tighter|snug|digging
swelling + loosen*|undo|undid|unlace*|untie* ~4 to ~1 get|fit ~3 in|on|it|foot|over
swelling + @pwear ~3 not|cannot|barely|hardly|struggle*|struggling ~3 go|fit|get|pull|slide|zip|close|fasten|do ~2 over|on|round|around|up|past
swelling + @pjoint|leg ~3 not|cannot|barely|hardly|struggle*|struggling ~3 fit|go|get|squeeze ~2 in|into|inside ~3 @pwear
swelling + @plandmark ~3 has|have|is|are|just|all? disappeared|vanished|hidden|buried|swallowed|blurred|smoothed|merged|filled
swelling + @plandmark ~3 gone|went|going|are|is|look|looks ~1 soft|blurry|blurred|fuzzy|puffy|rounded|smooth
swelling + lost|lose|losing ~2 its|the|my|all ~1 shape|definition|outline|contour*|edges
swelling = cannot|not|longer|barely|hardly ~2 see|make|find ~2 out? ~3 @plandmark
swelling + cankle|cankles
swelling + @pbag ~3 of|with|full ~2 @pliquid
swelling + @pliquid ~3 moving|sloshing|inside|under|behind|around|sitting|trapped ~3 kneecap|knee|joint|ankle|cap|it
swelling + slosh*|squish* ~4 kneecap|knee|ankle|joint|cap
swelling + kneecap|knee|ankle|joint|cap|it ~4 slosh*|squish*
swelling + like ~3 @pbag ~4 kneecap|knee|ankle|joint|cap
swelling + kneecap|knee|ankle|joint|cap ~4 like ~3 @pbag
swelling + @pjoint ~3 risen|rose|plumped|puffed|blown|ballooned ~1 up|out
swelling + @pjoint ~4 feels|feel|felt|is|looks ~2 full|pressurised|pressurized|@pdrum
swelling ! full of ~1 sand|grit|gravel|glass|rice|beans|energy|beans|life|pins|crunch*|bubbles|cracks|clicks|crackles|rice

calf_swelling + @calf|leg ~5 @psizeup ~2 than|then|vs|versus|compared ~2 to|with? @pother
calf_swelling + @calf ~4 is|are|looks|look|got|gets|getting|gone|went|become|becomes|became|seems|feels ~3 @psizeup
@pcalfsign = hard, harder, rock hard, rock, stone, brick, wood, solid, rigid, shiny, swollen, puffy, bigger, fatter, larger, thicker, heavier, heavy, big, tender, sensitive, warm, hot, red, full, fuller, tight and shiny, tense, double, fuller, puffier, rounder, more round, more large, more big, more fat, more swollen, twice the size
@pcalfrisk = flight, flights, flew, flying, plane, long haul, long drive, car journey, coach trip, train journey, travelling, traveling, operation, surgery, op, cast, plaster, moon boot, bed rest, laid up, bedridden, stay in the bed, stayed in bed, in bed for, immobile, the pill, contraceptive, contraceptive pill, hrt, pregnant, pregnancy, postpartum, gave birth, new baby
calf_swelling + @pcalfrisk ~16 @calf ~6 @pcalfsign
calf_swelling + @calf ~6 @pcalfsign ~16 @pcalfrisk
calf_swelling + @calf ~8 hard|harder|rock|stone|brick|rigid|solid ~6 @psizeup|big|swollen|puffy|heavy|heavier|tender|shiny|warm|hot
calf_swelling + @calf ~8 @psizeup|big|swollen|puffy|heavy|heavier ~6 hard|harder|rock|stone|brick|rigid|solid|shiny
calf_swelling + @calf ~12 measur*|tape ~8 cm|cms|centimetre*|centimeter*|inch|inches|mm ~3 more|bigger|wider|larger|thicker|fatter|difference|extra|than
calf_swelling + @calf ~12 measur*|tape ~8 more|bigger|wider|larger|thicker|fatter|difference
calf_swelling ! same ~2 size|width|measurement
swelling + measur*|tape ~8 1|2|3|4|5|half|an|a|one|two|three ~1 cm|cms|centimetre*|centimeter*|inch|inches|mm ~3 more|bigger|wider|larger|thicker|fatter|difference|than|extra
calf_swelling ! @calf ~8 muscle*|muscly|gains|stronger|strength|squats|raises|gym|lifting|defined|hills|hill|sprints|cycling|bike
calf_swelling ! like a rock ~3 after|from ~2 the? race|session|hills|intervals|marathon|run|workout|cramp
calf_swelling ! cramp* ~8 rock|stone|hard|brick
calf_swelling ! rock|stone|hard|brick ~8 cramp*

# locking: stuck until released
@plockstate = stuck, sticks, stick, sticking, catches, catching, jams, jammed, jamming, locks, locked, freezes, froze, frozen, freezing, stays closed, stay closed, stayed closed, stays shut, seizes, seized, stops, stopped, blocks, blocked, will not move, would not move, will not budge, would not budge, will not bend, would not bend, will not straighten, would not straighten, refuses, refused
@prelease = bounce, bounced, bouncing, nudge, nudged, jolt, jolted, wiggle, wiggled, wiggling, jiggle, jiggled, jiggling, waggle, waggled, wriggle, wriggled, shake, shook, shaking, rock, rocked, rocking, twist, twisted, twisting, massage, massaged, flick, flicked, manipulate, manipulated, work it, worked it, move it, moved it, straighten it, bend it
locking + @plockstate ~8 until|till|til|unless|before|then ~3 i|you|we? @prelease
locking + @plockstate ~8 until|till|til|unless|then ~4 click*|clunk*|pop*|releas*|unlock*|gives ~1 back|out|into|in|loose
locking + have|had|has|need|needs|needed|must ~1 to ~3 @prelease ~4 free|loose|straight|out|back|unstuck|again
locking = cannot|not|never|unable ~4 fully|completely|properly|way ~2 straight|straighten*|extend*|flat
locking = cannot|not|never|unable ~3 get|go ~2 it|knee|leg? straight|flat
locking + stays|stayed|stuck|frozen|locked ~2 bent|@pbent
locking + @plockstate ~8 wait|until|till ~4 unlock*|unstick*|releas*|free|loosen*
locking + @plockstate ~2 halfway|midway|mid|partway|half
locking + loose ~1 bit|body|bodies|piece|thing|fragment|bits|cartilage
locking + floating|loose ~1 bit|piece|thing|fragment|bits|cartilage
locking + something|thing|bit ~3 caught|trapped|wedged|@pinway

# giving way: the knee lets them down, and they stop trusting it
giving_way + knee|knees|leg|ankle|joint|hip|kneecap ~4 let|lets|letting me down
giving_way + it ~3 @pmight ~2 let me down
giving_way ! legs|fitness|pace|body|training|lungs|stamina|watch|garmin|gps|weather|race|plan|shoes|kit|nutrition|stomach|gut ~4 let|lets|letting me down
giving_way + @psudden ~4 gives|gave|give|goes|went|lets|let|drops|dropped|folds|folded|buckles|buckled|collapses|collapsed|slips|slipped|shifts|shifted|caves|caved
giving_way + slip*|slid*|shift*|jump*|pop*|mov*|come|comes|came out ~1 from|of ~2 its|it's|the|his|her|place|position|socket|joint|track
giving_way + afraid|scared|wary|nervous|frightened|fear|fearful|worried ~3 to|of ~3 make|take|put|trust ~2 next|a|another|the|each|my ~1 step|stride
giving_way + afraid|scared|worried|fear|wary|nervous ~4 it|knee|leg ~2 @pmight? go|goes|gives|buckles|collapses|folds|gone|caves
@pincase = in case, for fear, incase
giving_way + afraid|scared|worried|fear|wary|nervous|careful|cautious ~10 @pincase ~1 it|knee|leg|ankle ~1 @pmight? go|goes|gives|buckles|collapses|folds|caves
giving_way ! go|goes|gives|gave|give|giving up on
giving_way + wary|afraid|scared|nervous|frightened|fearful|worried ~3 of ~1 kerbs|kerb|curbs|curb|steps|stairs|turning|turns|corners|pivoting|twisting|cambers
giving_way = lost|losing|lose|no|not ~1 trust|confidence|faith ~2 in ~2 my|the|that ~1 knee|leg|ankle|joint|it
giving_way = not|never ~1 trust ~2 my|the|that ~1 knee|leg|ankle|joint
giving_way + knee|ankle|joint|kneecap ~4 feels|feel|felt|feeling ~2 floppy|sloppy|unsafe|insecure|unreliable|disconnected|detached|like ~1 it ~1 @pmight ~1 go|give|fold|buckle
giving_way + @limb ~8 almost|nearly ~2 drop|dropped|dropping|deck
giving_way + knee|leg|ankle ~2 rolls|rolled|rolling|tips|tipped|twists ~1 in|inward|inwards|inside
giving_way + trust issues
giving_way + @limb ~2 goes|gives|went|gave|buckles|folds|drops ~1 randomly|@psudden
giving_way + knee|ankle|kneecap ~3 shakes|shaking|shook|shaky|trembl* ~3 when|on|under|as|and

# cannot bear weight: what they can't do
@pold = old man, old woman, old lady, old person, an old man
@pfurniture = wall, walls, furniture, banister, bannister, rail, railing, handrail, counter, worktop, kitchen counter, sofa, chairs, table, door frame, doorframe
@pdest = bus, bus stop, stop, car, door, shop, shops, house, station, kitchen, bathroom, loo, toilet, bedroom, stairs, sofa, couch, train, taxi, office, desk, lift, bed, front door, gate
cannot_bear_weight + walk*|get|getting|move|moving|hobbl*|shuffl*|around|about|round|house ~4 by|while? holding|hold|leaning|clinging|gripping|using ~1 on|onto|to? ~1 the|a|my? @pfurniture
cannot_bear_weight + holding|leaning|clinging|gripping ~2 on|onto|to? ~1 the|a|my? @pfurniture ~4 to ~1 get|walk|move|stand|go
cannot_bear_weight + hop|hops|hopping|hopped|hoppin|hopskip* ~3 to|into|down|up|across|over|tae|back ~2 the|my|a? @pdest
cannot_bear_weight + hop|hopping|hoppin ~1 skip*|skipping|skipped
cannot_bear_weight = couldnae|cannae|canna|canny|wouldnae|willnae|didnae ~2 walk*|stand|put|bear|take|weight
cannot_bear_weight + be|got|was|were ~1 carried|stretchered|piggybacked
cannot_bear_weight + carried|stretchered ~2 off|home|back|in|out
@paid = walking stick, cane, crutch, crutches, walking frame, zimmer, zimmer frame, walker, my dad's stick, my mum's stick
cannot_bear_weight + had|have|having|needed|need|needing|using|use|uses|used|borrowed|borrowing|dug|digging|got|get|getting|on|with|leaning|relying ~8 @paid
cannot_bear_weight + stairs|steps|staircase ~6 @pstairway
cannot_bear_weight + haul*|pull*|drag* myself ~4 up|down|stairs|along|to|round|around
cannot_bear_weight + banister|bannister|handrail|rail ~4 to ~1 get|pull|haul|climb
cannot_bear_weight ! marathon|ultra|race|half|legs|quads|doms|squats|session|lunges|hills ~10 stairs|steps|banister|bannister|handrail|haul*|drag*
cannot_bear_weight ! stairs|steps|banister|bannister|handrail ~10 marathon|ultra|race|legs|quads|doms|squats|lunges
cannot_bear_weight + walk*|hobbl*|stand*|shuffl*|limp* ~3 on ~2 the ~1 side|sides|outside|edge|ball ~2 of ~2 my|the ~1 foot|feet
cannot_bear_weight + take|taking|took|keep|keeping|kept|get|getting ~2 weight|pressure|load ~1 off
cannot_bear_weight ! weight off ~1 my|your|our|me ~1 feet
cannot_bear_weight + walk*|hobbl*|shuffl*|moving ~2 like ~3 ninety|90|80|eighty|hundred|100|95|pensioner|grandpa|grandma|granny|nan|nana|invalid|@pold
cannot_bear_weight + favour*|favor*|sparing|spare|guarding|protecting ~2 it|the|my|that ~1 leg|foot|side|ankle|knee|heel|it
cannot_bear_weight + all|most my? weight ~3 on|onto|through ~2 the|my ~1 other|good|left|right ~1 leg|foot|side

# bone pain: the tests that hurt
@pprobe = tap, taps, tapping, tapped, knock, knocking, knocked, knuckle, knuckles, press, pressing, pressed, push, pushing, pushed, prod, prodding, prodded, poke, poking, poked, squeeze, squeezing, squeezed, pinch, pinching, pinched, run my finger, running my finger, ran my finger, finger along, feel along, feeling along, thumb
@pbonearea = bone, bones, shin, shinbone, tibia, fibula, metatarsal, metatarsals, heel, heel bone, ankle bone, navicular, instep, top of my foot, top of the foot, hip bone, sacrum, foot
@preact = yelp, yelped, jump, jumped, ceiling, roof, stars, sharp, very sharp, exquisite, scream, screamed, ouch, eek, gasp, gasped, tears, wince
@pdot = dot, spot, point, place, bit, patch, area, zone, pinpoint
bone_pain + tap*|knock*|knuckl*|percuss* ~8 @pbonearea ~12 @hurt|@preact|@pdot
bone_pain + @pbonearea ~6 tap*|knock*|knuckl* ~8 @hurt|@preact
bone_pain + squeez*|pinch* ~5 heel|heels|bone|metatarsal|metatarsals|foot|ankle|shin ~8 @hurt|@preact
bone_pain + @pprobe ~10 one|single|particular|specific|exact|precise ~1 tender|sore|painful? @pdot
bone_pain + one|single|tiny|small|exact|precise|specific|particular ~1 tender|sore|painful|angry|bruised|exquisite|sharp ~1 dot|pinpoint|point|spot|place|bit|patch|zone
bone_pain + fingertip|fingernail|thumbnail|coin|penny|pea|marble ~1 sized|size
bone_pain + size of a|an ~2 fingertip|fingernail|thumbnail|coin|penny|10p|5p|pea|marble|stamp|button ~6 @hurt|@preact|tender|spot|bit|point|bone
bone_pain + put|point|place|cover ~2 my? one? finger|fingertip|thumb ~2 on|over ~1 it|exactly|the ~1 spot|exact|bit
bone_pain ! put|point|place|cover ~2 my? one? finger|fingertip|thumb ~2 on|over ~6 knot|trigger|muscle|calf|hamstring|quad|glute|tendon|achilles|band
bone_pain + stand|standing|balance|balancing on ~3 leg|foot|side ~4 and|then|to ~2 jump*|bounce*|spring*|land*|skip*|pogo ~10 pain|@hurt|strong|sharp|deep|jar*|jolt*
bone_pain + jar|jars|jarring|jolt|jolts|jolting|judder*|shudder*|reverberat*|thud|thuds ~5 deep|inside|@pthrough
bone_pain + deep ~3 inside|in ~2 the|my? bone|joint|hip|groin ~6 step*|land*|jump*|hop*|jar*|stamp*|impact
bone_pain ! bone jarring

# night pain: the small hours and sitting still
@pearly = 1, 2, 3, 4, one, two, three, four
@pnightache = throb, throbs, throbbing, pulsing, pulses, pulse, pound, pounding, gnaw, gnaws, gnawing, nag, nags, nagging, ache, aches, aching, achy, awake, lying there, laying there, typing this, tossing
night_pain + @pearly am ~10 @hurt|@pnightache
night_pain + @pearly : ~1 am ~10 @hurt|@pnightache
night_pain + @hurt|@pnightache ~10 @pearly am
night_pain + @hurt|@pnightache ~10 @pearly : ~1 am
night_pain ! run|ran|running|jog|jogged|jogging|alarm|start|race|flight|train|shift|parkrun|session|headtorch|set|left|out ~2 at|from|around|for|before|by|until|till ~1 @pearly am|:|in
# rest worse than moving: "sitting still is worse than moving"
night_pain + @sit ~4 worse|sorer|achier|more ~1 than moving|walking|running|jogging|exercise|training|activity|when
night_pain ! @pearly am|o'clock ~3 run|start|alarm|race|flight|train|shift|session|jog|parkrun|call|feed|feeds|baby
night_pain + lying|laying|awake|up|lie|lay ~4 at half|gone ~1 one|two|three|four
night_pain + @hurt|@pnightache ~8 at half|gone ~1 one|two|three|four
night_pain + at half|gone ~1 one|two|three|four ~8 @hurt|@pnightache
night_pain + it|it's|its is? the nights|nighttime|evenings
night_pain + @thenight ~6 lying|laying|awake|gnaw*|throb*|puls*|pound*|toss*
@psitstill = sit, sitting, sat, lie, lying, laying, on the sofa, on the couch, in my chair, in the chair, in bed, at my desk, watching tv, watching telly, resting, still, sitting still, lying still
night_pain + duvet|sheets|sheet|blanket|covers|bedsheet|quilt ~6 @hurt|unbearable
night_pain + @hurt|@pnightache ~6 @pearly in the morning
night_pain + @pearly in the morning ~6 @hurt|@pnightache
night_pain + when|while|whilst ~3 @psitstill ~8 throb*|puls*|pound*|gnaw*|nag*|ache|aches|aching|achy
night_pain + throb*|puls*|pound*|gnaw*|nagging ~6 when|while|whilst|even ~3 @psitstill
@psitplace = sitting on the couch, sitting on the sofa, on the sofa, on the couch, in my chair, in the armchair, lying in bed, in bed, sitting still, lying still, watching tv, watching telly, at my desk
night_pain + @psitplace ~6 throb*|puls*|pound*|gnaw*
night_pain = throb*|puls*|pound*|gnaw* ~6 without|no ~1 any|even? movement|moving|activity
night_pain = without ~1 any|even? movement|moving|activity ~6 throb*|puls*|pound*|gnaw*
night_pain = @hurt|ache|aches|aching|achy ~2 even without ~1 any? movement|moving|activity

# hot joint: warmth, colour and fever
hot_joint + warm|hot|warmer|hotter ~1 red|reddish|pink|pinkish|flushed|angry|shiny
hot_joint + red|reddish|pink|pinkish|flushed ~1 warm|hot|warmer|hotter
hot_joint + @limb ~6 warm|hot ~1 like|as ~3 @hotthing|fresh|freshly|toast|bread|oven|mug|bath|cup
hot_joint + feel|feeling|felt|feels ~2 unwell|ill|poorly|rough|grotty|awful|rundown|feverish ~10 knee|joint|ankle|it ~4 warm|hot|red|swollen|puffy
hot_joint + knee|joint|ankle|it ~4 warm|hot|red|swollen|puffy ~10 feel|feeling|felt|feels ~2 unwell|ill|poorly|rough|grotty|awful|rundown|shaky|shivery
hot_joint + @pfeverish
hot_joint + cut|graze|grazed|scrape|scraped|scratch|wound|nick ~10 red|warm|hot|pus|oozing|weeping|angry|swollen|spreading
hot_joint + red|warm|hot|pus|oozing|weeping|angry|swollen|spreading ~10 cut|graze|grazed|scrape|scraped|scratch|wound|nick

# numbness: nerve sensations, and touch felt as nothing
@pzap = current, shock, shocks, jolt, jolts, zing, zings, zinging, zap, zaps, lightning, bolt, wire, buzz, streak, line of fire, electricity, static
@ptravel = running, runs, ran, shoots, shooting, shot, goes, going, went, travels, travelling, traveling, zings, zinging, zips, zipping, races, racing, fires, firing, down, into, through, along, shooting down
@pnervepart = leg, foot, heel, toes, toe, calf, shin, thigh, buttock, bum, back, knee, ankle, sole, foot, feet, hamstring, side of my leg
numbness + @pzap ~4 @ptravel ~6 @pnervepart
numbness + touch*|press*|poke*|pinch*|prod*|scratch*|stroke*|rub* ~5 feel|felt|feels ~1 nothing|less|little|different|muffled|distant
numbness + skin ~6 like ~2 carton|cardboard|paper|leather|rubber|plastic|wood|@notmine
numbness + foot ~5 slap|slaps|slapping|slapped|flops|flopping|flopped
numbness + reduced|less|dulled|muffled ~1 feeling|sensation
numbness ! no ~1 less|reduced ~1 feeling|sensation

# trauma: what they heard and felt
trauma + heard|felt ~6 sound|noise|bang|thud|crack|snap ~4 like ~4 snap*|break*|crack*|gunshot|shot|whip|band|twig|stick|elastic|branch
trauma + heard|felt ~6 snap*|crack*|twang*|ping|pinged|pop
trauma + sound|noise ~3 like ~4 breaking|snapping|cracking|twig|stick|whip|gunshot|gun|shot|elastic|band|branch
trauma + clipped|struck|knocked|bumped|swiped|taken|wiped|barged|shoved ~1 out? by ~2 a|the|another? bike|cyclist|car|dog|runner|scooter|van|ball|child|kid|pram|buggy|someone|somebody
trauma + landed|landing|stepped|stepping|trod|treading on ~3 foot|shoe|heel|toes|ankle
trauma + felt ~2 a|like ~2 hit|kick|kicked|whack|blow|punch|shot
trauma + like ~3 someone|somebody|something ~3 kick*|hit|shot|whack*|struck|threw|thrown|slapped|punched

# worsening: the trend across weeks
@pclimb = climbs, climbing, climbed, creeps, creeping, rises, rising, rose, grows, growing, builds, building, ticks up, ticking up, edges up, edging up, inches up, goes up, going up, went up, increases, increasing, increased, worsens, worsening, mounts, mounting, gets worse, getting worse, gets sorer, getting sorer, comes on sooner, comes on earlier, came on sooner, came on earlier, starts sooner, starts earlier, started sooner, started earlier
worsening + pain|ache|soreness|niggle|it|it's ~3 @pclimb ~4 @pper ~1 week|weeks|day|days|run|runs|month|fortnight|session
@pworse = worse, sorer, more, angrier, nastier, stronger, sharper, achier, crabbier, crabbit, crabbit er, tighter, stiffer, more painful, more sore, grumpier
worsening + getting|gets|grown|growing|grows|becoming|becomes ~2 @pworse ~3 @pper ~1 week|day|run|session|month
worsening + @pworse|@pclimb by the ~1 week|day|run|session|month
worsening + each|every one|outing|jog|time|session|run ~6 sooner|earlier
worsening + still|yet ~3 @pclimb
@plo = 0, 1, 2, 3, zero, one, two, three
@phi = 4, 5, 6, 7, 8, 9, 10, four, five, six, seven, eight, nine, ten
worsening + was|were|started ~1 a|at? @plo ~6 ago|week|weeks|month|fortnight ~4 now|today ~2 a|at? @phi
worsening + from|was ~1 a? @plo ~1 to|now ~1 a? @phi ~6 week|weeks|month|fortnight|days
worsening + each|every @time ~4 lasts|lingers|takes ~2 longer
worsening + lasts|lingers|takes ~2 longer ~4 each|every ~1 @time
worsening + wk|week|weeks|wks ~1 1|one ~1 :|-|=|,? 0|1|2|3 ~8 wk|week ~1 3|three|4|four ~1 :|-|=|,? 4|5|6|7|8|9|10
# dev9 round, final pass on the whole set: the same kinds, more words
swelling + @pjoint|one ~3 gone|going|went|got|looks|looking|is ~1 all ~1 fat|round|puffy|bloated|podgy|squishy|swollen|big|lumpy|fuller
swelling ! i|i've|i'm|we|belly|tummy|stomach|face|waist ~3 gone|going|went|got ~1 all ~1 fat|round
@pbeside = beside, next to, compared to, compared with, against, alongside, than
swelling + fat|round|rounder|puffy|puffier|bloated|lumpy|fuller|bigger|fatter ~3 @pbeside ~2 the|my ~1 left|right|other|good
swelling + shiny ~1 and|& ~1 stretched|tight|taut
@pcant = cannae, canna, canny, couldnae, cannot, not, unable to, struggling to, struggle to
swelling + @pcant ~1 get|fit|pull|squeeze ~3 @pwear ~2 on|over|round
swelling + @pwear ~4 got|gets|getting|went|became ~2 weirdly|really|so|too|very|suddenly|oddly|strangely ~1 tight|tighter|snug|snugger
swelling ! @pwear ~6 wet|rain|soaked|knot|knots|new|brand
calf_swelling + @calf ~8 shiny|stretched|taut ~3 and|& ~1 shiny|stretched|tight|taut|swollen|red|tender|hot
calf_swelling + @calf ~14 fat|fatter|puffy|full ~1 and|& ~1 tender|hard|sore|heavy|tight
locking + @plockstate ~10 to|till|until ~2 unfreeze*|unlock*|unstick*|unjam*|unblock*
locking + for|until|till ~2 it ~1 to? ~1 open|opens|unlock*|release*|free*|unfreeze* ~1 again|up
cannot_bear_weight + helped|assisted|walked ~1 off|home|back|to ~3 by|the|course|track|pitch|field
cannot_bear_weight + around|about|round ~4 on ~1 one ~1 leg|foot
cannot_bear_weight + drag*|trailing ~2 the|my|that ~1 leg ~4 walk*|around|behind|along
@pnoticed = what happened, what i did, what i have done, what i had done, if i am ok, if i was ok, about my limp, about the limp, why i am limping
cannot_bear_weight + people|everyone|colleagues|someone|strangers|folk ~4 asking|asked|ask|asks ~2 me? @pnoticed
trauma + caught|hit|struck|clipped|clattered|kneed|elbowed|kicked ~1 me ~3 in|on ~3 the|my ~1 back|side|front|calf|shin|knee|thigh|ankle|heel|foot
trauma + hit|banged|bashed|smacked|whacked|knocked|bumped|cracked|clipped ~1 the|my ~1 knee|shin|ankle|foot|hip|leg|kneecap|heel ~2 on|against|off|into|and|when|,|.
trauma + i ~1 hit|banged|smacked|whacked|bumped|cracked ~1 the|my ~1 knee|shin|ankle|foot|hip|leg|kneecap|heel
hot_joint + fry|cook|toast ~2 egg|eggs|bacon|sausage|toast|marshmallow ~1 on ~1 it|my|the|that
hot_joint ! fry|cook|toast ~2 egg|eggs|bacon ~2 on ~2 the ~1 pavement|road|tarmac|ground|car|bonnet|track
hot_joint + red|pink|purple|hot|warm as ~1 a|an ~1 beetroot|tomato|lobster|cherry|strawberry|postbox|radiator|stove|oven ~6 kneecap|knee|ankle|joint|round|around|roon|over|on
hot_joint ! red|pink|purple as ~1 a|an ~1 beetroot|tomato|lobster ~4 face|cheeks|after|from
numbness + @limb|leg ~6 static|staticy|staticky|crackly|snowy
@ptrend = graph, line, chart, trend, curve, trajectory, arrow, scores, numbers, pain scores
@pupward = one way, up, upward, upwards, the wrong way, uphill, north, skyward, higher
worsening ! mileage|miles|km|kms|volume|distance|fitness|pace|vo2|streak|followers|weight|elevation ~4 only|just|keeps|keep|still ~2 go|goes|going|went|heading|climbing|pointing
worsening + @ptrend ~4 only|just|keeps|keep|still ~2 go|goes|going|went|heading|climbing|pointing ~1 @pupward
worsening + used to ~1 kick|start|come|begin|appear|hit ~1 in|on? ~4 at|after|around|by ~8 now ~6 by|at|within|from|straight|before|after
`

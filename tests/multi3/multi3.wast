;; compiler-rt's __multi3 as wasi-sdk's clang compiles it for wasm32,
;; byte for byte: w2c recognises that body and writes it as one widening
;; multiply (w2c_multi3, emit_func.c).  The 128-bit products modulo 2^128
;; at the edges of the carries, and its traps (order.wast: with the
;; stores' order).  Expectations computed from the integers
;; (a * b mod 2^128); the reference interpreter (wasm-ref) passes them.

(module
  (memory 1)
  (func $multi3 (export "multi3") (param i32 i64 i64 i64 i64)
    (local i64)
    local.get 0
    local.get 4
    local.get 1
    i64.mul
    local.get 2
    local.get 3
    i64.mul
    i64.add
    local.get 3
    i64.const 32
    i64.shr_u
    local.tee 2
    local.get 1
    i64.const 32
    i64.shr_u
    local.tee 4
    i64.mul
    i64.add
    local.get 3
    i64.const 4294967295
    i64.and
    local.tee 3
    local.get 1
    i64.const 4294967295
    i64.and
    local.tee 1
    i64.mul
    local.tee 5
    i64.const 32
    i64.shr_u
    local.get 3
    local.get 4
    i64.mul
    i64.add
    local.tee 3
    i64.const 32
    i64.shr_u
    i64.add
    local.get 3
    i64.const 4294967295
    i64.and
    local.get 2
    local.get 1
    i64.mul
    i64.add
    local.tee 1
    i64.const 32
    i64.shr_u
    i64.add
    i64.store offset=8
    local.get 0
    local.get 1
    i64.const 32
    i64.shl
    local.get 5
    i64.const 4294967295
    i64.and
    i64.or
    i64.store)
  (func (export "lo") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "hi") (param i32) (result i64) (i64.load offset=8 (local.get 0)))
  (func (export "put") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
)

(invoke "multi3" (i32.const 0) (i64.const 0) (i64.const 0) (i64.const 1) (i64.const 0))
(assert_return (invoke "lo" (i32.const 0)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 0)) (i64.const 0))
(invoke "multi3" (i32.const 25) (i64.const 0) (i64.const 0) (i64.const -1) (i64.const -1))
(assert_return (invoke "lo" (i32.const 25)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 25)) (i64.const 0))
(invoke "multi3" (i32.const 50) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 1))
(assert_return (invoke "lo" (i32.const 50)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 50)) (i64.const 0))
(invoke "multi3" (i32.const 75) (i64.const 0) (i64.const 0) (i64.const 4294967296) (i64.const 3))
(assert_return (invoke "lo" (i32.const 75)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 75)) (i64.const 0))
(invoke "multi3" (i32.const 100) (i64.const 1) (i64.const 0) (i64.const 1) (i64.const 0))
(assert_return (invoke "lo" (i32.const 100)) (i64.const 1))
(assert_return (invoke "hi" (i32.const 100)) (i64.const 0))
(invoke "multi3" (i32.const 125) (i64.const 1) (i64.const 0) (i64.const -1) (i64.const -1))
(assert_return (invoke "lo" (i32.const 125)) (i64.const -1))
(assert_return (invoke "hi" (i32.const 125)) (i64.const -1))
(invoke "multi3" (i32.const 150) (i64.const 1) (i64.const 0) (i64.const 0) (i64.const 1))
(assert_return (invoke "lo" (i32.const 150)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 150)) (i64.const 1))
(invoke "multi3" (i32.const 175) (i64.const 1) (i64.const 0) (i64.const 4294967296) (i64.const 3))
(assert_return (invoke "lo" (i32.const 175)) (i64.const 4294967296))
(assert_return (invoke "hi" (i32.const 175)) (i64.const 3))
(invoke "multi3" (i32.const 192) (i64.const -1) (i64.const 0) (i64.const 1) (i64.const 0))
(assert_return (invoke "lo" (i32.const 192)) (i64.const -1))
(assert_return (invoke "hi" (i32.const 192)) (i64.const 0))
(invoke "multi3" (i32.const 217) (i64.const -1) (i64.const 0) (i64.const -1) (i64.const -1))
(assert_return (invoke "lo" (i32.const 217)) (i64.const 1))
(assert_return (invoke "hi" (i32.const 217)) (i64.const -1))
(invoke "multi3" (i32.const 242) (i64.const -1) (i64.const 0) (i64.const 0) (i64.const 1))
(assert_return (invoke "lo" (i32.const 242)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 242)) (i64.const -1))
(invoke "multi3" (i32.const 267) (i64.const -1) (i64.const 0) (i64.const 4294967296) (i64.const 3))
(assert_return (invoke "lo" (i32.const 267)) (i64.const -4294967296))
(assert_return (invoke "hi" (i32.const 267)) (i64.const 4294967292))
(invoke "multi3" (i32.const 292) (i64.const 5) (i64.const 1) (i64.const 1) (i64.const 0))
(assert_return (invoke "lo" (i32.const 292)) (i64.const 5))
(assert_return (invoke "hi" (i32.const 292)) (i64.const 1))
(invoke "multi3" (i32.const 317) (i64.const 5) (i64.const 1) (i64.const -1) (i64.const -1))
(assert_return (invoke "lo" (i32.const 317)) (i64.const -5))
(assert_return (invoke "hi" (i32.const 317)) (i64.const -2))
(invoke "multi3" (i32.const 342) (i64.const 5) (i64.const 1) (i64.const 0) (i64.const 1))
(assert_return (invoke "lo" (i32.const 342)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 342)) (i64.const 5))
(invoke "multi3" (i32.const 367) (i64.const 5) (i64.const 1) (i64.const 4294967296) (i64.const 3))
(assert_return (invoke "lo" (i32.const 367)) (i64.const 21474836480))
(assert_return (invoke "hi" (i32.const 367)) (i64.const 4294967311))
(invoke "multi3" (i32.const 384) (i64.const -1) (i64.const -1) (i64.const 1) (i64.const 0))
(assert_return (invoke "lo" (i32.const 384)) (i64.const -1))
(assert_return (invoke "hi" (i32.const 384)) (i64.const -1))
(invoke "multi3" (i32.const 409) (i64.const -1) (i64.const -1) (i64.const -1) (i64.const -1))
(assert_return (invoke "lo" (i32.const 409)) (i64.const 1))
(assert_return (invoke "hi" (i32.const 409)) (i64.const 0))
(invoke "multi3" (i32.const 434) (i64.const -1) (i64.const -1) (i64.const 0) (i64.const 1))
(assert_return (invoke "lo" (i32.const 434)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 434)) (i64.const -1))
(invoke "multi3" (i32.const 459) (i64.const -1) (i64.const -1) (i64.const 4294967296) (i64.const 3))
(assert_return (invoke "lo" (i32.const 459)) (i64.const -4294967296))
(assert_return (invoke "hi" (i32.const 459)) (i64.const -4))
(invoke "multi3" (i32.const 484) (i64.const 0) (i64.const -9223372036854775808) (i64.const 1) (i64.const 0))
(assert_return (invoke "lo" (i32.const 484)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 484)) (i64.const -9223372036854775808))
(invoke "multi3" (i32.const 509) (i64.const 0) (i64.const -9223372036854775808) (i64.const -1) (i64.const -1))
(assert_return (invoke "lo" (i32.const 509)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 509)) (i64.const -9223372036854775808))
(invoke "multi3" (i32.const 534) (i64.const 0) (i64.const -9223372036854775808) (i64.const 0) (i64.const 1))
(assert_return (invoke "lo" (i32.const 534)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 534)) (i64.const 0))
(invoke "multi3" (i32.const 559) (i64.const 0) (i64.const -9223372036854775808) (i64.const 4294967296) (i64.const 3))
(assert_return (invoke "lo" (i32.const 559)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 559)) (i64.const 0))
(invoke "multi3" (i32.const 576) (i64.const 0) (i64.const -1) (i64.const 1) (i64.const 0))
(assert_return (invoke "lo" (i32.const 576)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 576)) (i64.const -1))
(invoke "multi3" (i32.const 601) (i64.const 0) (i64.const -1) (i64.const -1) (i64.const -1))
(assert_return (invoke "lo" (i32.const 601)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 601)) (i64.const 1))
(invoke "multi3" (i32.const 626) (i64.const 0) (i64.const -1) (i64.const 0) (i64.const 1))
(assert_return (invoke "lo" (i32.const 626)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 626)) (i64.const 0))
(invoke "multi3" (i32.const 651) (i64.const 0) (i64.const -1) (i64.const 4294967296) (i64.const 3))
(assert_return (invoke "lo" (i32.const 651)) (i64.const 0))
(assert_return (invoke "hi" (i32.const 651)) (i64.const -4294967296))
(invoke "multi3" (i32.const 676) (i64.const -7514448864226885635) (i64.const 2405875930906139466) (i64.const -1550544537284943452) (i64.const 8744744311366254845))
(assert_return (invoke "lo" (i32.const 676)) (i64.const 4480139039836789524))
(assert_return (invoke "hi" (i32.const 676)) (i64.const -5290097869726255711))
(invoke "multi3" (i32.const 701) (i64.const -7731914210788035418) (i64.const -7275404407044931623) (i64.const -1682003617913046491) (i64.const 8655808914197340073))
(assert_return (invoke "lo" (i32.const 701)) (i64.const -8818988000241207298))
(assert_return (invoke "hi" (i32.const 701)) (i64.const 1042987587038809232))
(invoke "multi3" (i32.const 726) (i64.const -8286560726984358332) (i64.const 3537054308274871603) (i64.const -5217697764948667274) (i64.const -8467537277698756492))
(assert_return (invoke "lo" (i32.const 726)) (i64.const 542050745675428696))
(assert_return (invoke "hi" (i32.const 726)) (i64.const -9163696882892964281))
(invoke "multi3" (i32.const 751) (i64.const -8307838563720735115) (i64.const 7325839828077136048) (i64.const -2563689611442653142) (i64.const 4278205817407065157))
(assert_return (invoke "lo" (i32.const 751)) (i64.const -3007432301210466510))
(assert_return (invoke "hi" (i32.const 751)) (i64.const 7038481811000470044))
(invoke "multi3" (i32.const 768) (i64.const 2796939073032698495) (i64.const -1368094053828642940) (i64.const 7193062864237573168) (i64.const 279407979638468249))
(assert_return (invoke "lo" (i32.const 768)) (i64.const 6705904952320836560))
(assert_return (invoke "hi" (i32.const 768)) (i64.const 1757187769004050372))
(invoke "multi3" (i32.const 793) (i64.const -4109294697269059752) (i64.const 2940409807404031313) (i64.const -784040701760675694) (i64.const 789318311829720426))
(assert_return (invoke "lo" (i32.const 793)) (i64.const 139512010180517936))
(assert_return (invoke "hi" (i32.const 793)) (i64.const -3448910767969467846))
(invoke "multi3" (i32.const 818) (i64.const -4056872617261408097) (i64.const -3254549732274445618) (i64.const 4970137034821939552) (i64.const -7475551968643639914))
(assert_return (invoke "lo" (i32.const 818)) (i64.const 2404409464670104224))
(assert_return (invoke "hi" (i32.const 818)) (i64.const 2870021281662555902))
(invoke "multi3" (i32.const 843) (i64.const -1472850458597599200) (i64.const 7150116345310994488) (i64.const -3908701779989024631) (i64.const 7875558642732048222))
(assert_return (invoke "lo" (i32.const 843)) (i64.const -2278316986511546080))
(assert_return (invoke "hi" (i32.const 843)) (i64.const 1476573312841649807))
(invoke "multi3" (i32.const 868) (i64.const -5015190622162890157) (i64.const -7804639177566823567) (i64.const -662353456294350990) (i64.const 2474614332948913288))
(assert_return (invoke "lo" (i32.const 868)) (i64.const -7981080227600570890))
(assert_return (invoke "hi" (i32.const 868)) (i64.const 1579709241723007288))
(invoke "multi3" (i32.const 893) (i64.const 6742647596734310365) (i64.const 661991620512760860) (i64.const 9128987708747602683) (i64.const 4758913641385587932))
(assert_return (invoke "lo" (i32.const 893)) (i64.const -15022084849858641))
(assert_return (invoke "hi" (i32.const 893)) (i64.const -3694339885811250122))
(invoke "multi3" (i32.const 918) (i64.const -6049771485958392632) (i64.const -4077236216273547830) (i64.const -2670616593311201887) (i64.const 7768818807158607247))
(assert_return (invoke "lo" (i32.const 918)) (i64.const 1597787476278286792))
(assert_return (invoke "hi" (i32.const 918)) (i64.const 1844409913523974237))
(invoke "multi3" (i32.const 943) (i64.const -3071804979227742960) (i64.const -7857893513939639931) (i64.const -8594281127461174011) (i64.const 7518447709947652788))
(assert_return (invoke "lo" (i32.const 943)) (i64.const 4243455073297543504))
(assert_return (invoke "hi" (i32.const 943)) (i64.const 8477448264663092598))
(invoke "multi3" (i32.const 960) (i64.const 4286773755039024788) (i64.const 6212217933196280944) (i64.const -1554492530012823149) (i64.const 528690485054628105))
(assert_return (invoke "lo" (i32.const 960)) (i64.const 4504352893654424316))
(assert_return (invoke "hi" (i32.const 960)) (i64.const 5408159086902634244))
(invoke "multi3" (i32.const 985) (i64.const 5159290551299543376) (i64.const -7271351826548424876) (i64.const -5615827074173856468) (i64.const -5559555896607971946))
(assert_return (invoke "lo" (i32.const 985)) (i64.const -7618352880418649664))
(assert_return (invoke "hi" (i32.const 985)) (i64.const 716229877251050667))
(invoke "multi3" (i32.const 1010) (i64.const 6020838051475013066) (i64.const -8452926428194656447) (i64.const -7896025451135883290) (i64.const 1919859729605134222))
(assert_return (invoke "lo" (i32.const 1010)) (i64.const -7398175553581987460))
(assert_return (invoke "hi" (i32.const 1010)) (i64.const 684915967800027398))
(invoke "multi3" (i32.const 1035) (i64.const -6354696894991780273) (i64.const -6770399544710772359) (i64.const -220032120190123581) (i64.const 4926846915730146362))
(assert_return (invoke "lo" (i32.const 1035)) (i64.const 1956744489257463085))
(assert_return (invoke "hi" (i32.const 1035)) (i64.const -4087543982163947768))
(invoke "multi3" (i32.const 1060) (i64.const 2295417600096794861) (i64.const 8891356780085310402) (i64.const -6663730631834601076) (i64.const 8919161925596867931))
(assert_return (invoke "lo" (i32.const 1060)) (i64.const 462213650535261852))
(assert_return (invoke "hi" (i32.const 1060)) (i64.const -4471275177635706819))
(invoke "multi3" (i32.const 1085) (i64.const 6347159385452126009) (i64.const 1228774775136178355) (i64.const -1898240736930560322) (i64.const 371247284267552591))
(assert_return (invoke "lo" (i32.const 1085)) (i64.const -3601933337633717682))
(assert_return (invoke "hi" (i32.const 1085)) (i64.const -4295856978708218327))
(invoke "multi3" (i32.const 1110) (i64.const 7879374705595806967) (i64.const 7659038397109865366) (i64.const 2193635699569043681) (i64.const -7286677141510419905))
(assert_return (invoke "lo" (i32.const 1110)) (i64.const 977301922938610967))
(assert_return (invoke "hi" (i32.const 1110)) (i64.const -5054805240915325089))
(invoke "multi3" (i32.const 1135) (i64.const -4397066710460268305) (i64.const 6969267831674319929) (i64.const -7630032642621327604) (i64.const -8285328513444517572))
(assert_return (invoke "lo" (i32.const 1135)) (i64.const -1712886942382169036))
(assert_return (invoke "hi" (i32.const 1135)) (i64.const 732049319232147480))
(invoke "multi3" (i32.const 1152) (i64.const -1441016521080765804) (i64.const 5147997304695484899) (i64.const 4352537997584054991) (i64.const 664319689930721344))
(assert_return (invoke "lo" (i32.const 1152)) (i64.const -4012670960032244308))
(assert_return (invoke "hi" (i32.const 1152)) (i64.const -2785813011629495195))
(invoke "multi3" (i32.const 1177) (i64.const 133420467435768183) (i64.const 1994449174685571641) (i64.const -8567070601606721999) (i64.const -942711751872848024))
(assert_return (invoke "lo" (i32.const 1177)) (i64.const 5207314708355011015))
(assert_return (invoke "hi" (i32.const 1177)) (i64.const -1129248838841455352))
(invoke "multi3" (i32.const 1202) (i64.const -527048179212365744) (i64.const 5379299308513165481) (i64.const 4858378127803912922) (i64.const -5723414533977102286))
(assert_return (invoke "lo" (i32.const 1202)) (i64.const -6648225910893509600))
(assert_return (invoke "hi" (i32.const 1202)) (i64.const -5665142540171729486))
(invoke "multi3" (i32.const 1227) (i64.const -371032771296161053) (i64.const 6268458691534963803) (i64.const 6644454239510147692) (i64.const 2551665118625313870))
(assert_return (invoke "lo" (i32.const 1227)) (i64.const 6312418984257473988))
(assert_return (invoke "hi" (i32.const 1227)) (i64.const 1672893830540499791))
;; the high half at 65536 is out of bounds
(assert_trap (invoke "multi3" (i32.const 65528) (i64.const 3) (i64.const 0) (i64.const 5) (i64.const 0))
  "out of bounds memory access")
(assert_trap (invoke "multi3" (i32.const 65521) (i64.const 3) (i64.const 0) (i64.const 5) (i64.const 0))
  "out of bounds memory access")
(assert_trap (invoke "multi3" (i32.const -8) (i64.const 3) (i64.const 0) (i64.const 5) (i64.const 0))
  "out of bounds memory access")
;; both halves in bounds at the very end
(invoke "multi3" (i32.const 65520) (i64.const -1) (i64.const 0) (i64.const -1) (i64.const 0))
(assert_return (invoke "lo" (i32.const 65520)) (i64.const 1))
(assert_return (invoke "hi" (i32.const 65520)) (i64.const -2))

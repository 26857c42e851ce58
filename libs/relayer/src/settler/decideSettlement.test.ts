import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideSettlement, type SettlementState, type SettlementWork } from './decideSettlement.js'

const state = (signed: number | undefined, executable: number | undefined, last?: SettlementWork): SettlementState => ({
  signed: signed === undefined ? undefined : { waitingMs: signed },
  executable: executable === undefined ? undefined : { waitingMs: executable },
  last,
})

describe('decideSettlement', () => {
  it('plans each due kind once per tick, the longer-waiting first', () => {
    const table: [string, SettlementState, SettlementWork[]][] = [
      ['idle: nothing to do, the loop sleeps', state(undefined, undefined), []],
      ['idle after work', state(undefined, undefined, 'execute'), []],
      ['only a signed batch', state(10, undefined), ['submit']],
      ['only a signed batch, after a submit', state(10, undefined, 'submit'), ['submit']],
      ['only an executable chunk', state(undefined, 10), ['execute']],
      ['only an executable chunk, after an execute', state(undefined, 10, 'execute'), ['execute']],
      ['both, the batch older', state(5_000, 200), ['submit', 'execute']],
      ['both, the chunk older', state(200, 5_000), ['execute', 'submit']],
      ['both, the chunk older, even after an execute', state(200, 5_000, 'execute'), ['execute', 'submit']],
      ['both equal, at the start: submit first', state(0, 0), ['submit', 'execute']],
      ['both equal after a submit: execute first', state(300, 300, 'submit'), ['execute', 'submit']],
      ['both equal after an execute: submit first', state(300, 300, 'execute'), ['submit', 'execute']],
      ['a fresh batch (0 ms) never displaces the chunk', state(0, 1), ['execute', 'submit']],
    ]
    for (const [name, s, plan] of table) assert.deepEqual(decideSettlement(s), plan, name)
  })

  it('interleaves when a kind may run more than once per tick, within its bound', () => {
    const table: [string, SettlementState, Record<SettlementWork, number>, SettlementWork[]][] = [
      ['two submits, batch older', state(900, 100), { submit: 2, execute: 1 }, ['submit', 'execute', 'submit']],
      ['two submits, chunk older', state(100, 900), { submit: 2, execute: 1 }, ['execute', 'submit', 'submit']],
      [
        'three executes, only executes due',
        state(undefined, 100),
        { submit: 1, execute: 3 },
        ['execute', 'execute', 'execute'],
      ],
      ['two of each', state(1, 2), { submit: 2, execute: 2 }, ['execute', 'submit', 'execute', 'submit']],
    ]
    for (const [name, s, perTick, plan] of table) assert.deepEqual(decideSettlement(s, { perTick }), plan, name)
  })

  it('rejects a bound that would let one kind starve (CONFIG_INVALID)', () => {
    for (const perTick of [
      { submit: 0, execute: 1 },
      { submit: 1, execute: 0 },
      { submit: 1.5, execute: 1 },
      { submit: 1, execute: Number.NaN },
    ])
      assert.throws(
        () => decideSettlement(state(1, 1), { perTick }),
        { code: 'CONFIG_INVALID' },
        JSON.stringify(perTick),
      )
  })

  /**
   * One destination over many ticks: `arrive` new signed batches per tick, each
   * submitted batch makes one chunk executable; ages grow by one per tick.
   * Returns how many of each kind ran in each tick.
   */
  function simulate(
    ticks: number,
    arrive: (tick: number) => number,
    initial: { signed: number[]; executable: number[] },
  ) {
    const signed = [...initial.signed] // each entry: the tick it became due
    const executable = [...initial.executable]
    let last: SettlementWork | undefined
    const perTick: { submit: number; execute: number }[] = []
    for (let t = 0; t < ticks; t++) {
      for (let i = 0; i < arrive(t); i++) signed.push(t)
      const s: SettlementState = {
        signed: signed.length > 0 ? { waitingMs: (t - signed[0]!) * 1000 } : undefined,
        executable: executable.length > 0 ? { waitingMs: (t - executable[0]!) * 1000 } : undefined,
        last,
      }
      const done = { submit: 0, execute: 0 }
      for (const work of decideSettlement(s)) {
        if (work === 'submit' && signed.shift() !== undefined) executable.push(t)
        if (work === 'execute') executable.shift()
        done[work]++
        last = work
      }
      perTick.push(done)
    }
    return perTick
  }

  it('starvation: with new signed batches due at every tick, execution still runs every tick', () => {
    // More batches arrive per tick than one submit per tick can take: the signed queue is never empty.
    const ticks = simulate(50, () => 2, { signed: [], executable: [] })
    ticks.slice(1).forEach((done, t) => assert.deepEqual(done, { submit: 1, execute: 1 }, `tick ${t + 1}`))
    assert.deepEqual(ticks[0], { submit: 1, execute: 0 }, 'nothing was executable before the first submit')
  })

  it('starvation: with a large settled backlog, every newly signed batch is still submitted', () => {
    const backlog = Array.from({ length: 500 }, () => -100)
    const ticks = simulate(50, (t) => (t % 3 === 0 ? 1 : 0), { signed: [], executable: backlog })
    ticks.forEach((done, t) => {
      assert.equal(done.execute, 1, `tick ${t}: one chunk executed`)
      assert.equal(done.submit, t % 3 === 0 ? 1 : 0, `tick ${t}: the batch that arrived is submitted in the same tick`)
    })
  })

  it('starvation: both queues always full, whatever their ages, each kind runs every tick', () => {
    for (const [signedAge, executableAge] of [
      [0, 0],
      [0, 1e9],
      [1e9, 0],
      [5, 5],
    ] as const) {
      let last: SettlementWork | undefined
      for (let t = 0; t < 20; t++) {
        const plan = decideSettlement({
          signed: { waitingMs: signedAge },
          executable: { waitingMs: executableAge },
          last,
        })
        assert.deepEqual([...plan].sort(), ['execute', 'submit'], `ages ${signedAge}/${executableAge}, tick ${t}`)
        last = plan.at(-1)
      }
    }
  })
})

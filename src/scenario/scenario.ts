/**
 * Between a scenario and what the simulator takes: its options (with the
 * starting state) and its recorded actions. Pure data in, pure data out, so
 * the UI may use it without the simulator.
 */
import {
  ENGINE_VERSION,
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  type ActionCall,
  type Scenario,
} from '../model/scenario.ts';
import type { SimulationOptions } from '../model/options.ts';
import type { RecordedAction } from '../sim/types.ts';

/** The options a scenario's run starts with, starting state included. */
export function optionsOf(scenario: Scenario): SimulationOptions {
  const options: SimulationOptions = structuredClone(scenario.options);
  if (scenario.initial) options.initial = structuredClone(scenario.initial);
  return options;
}

/**
 * A scenario of this engine version from the options a run started with and
 * the actions it recorded (`sim.actions()`), shown at `moment` if given.
 */
export function scenarioFrom(
  options: SimulationOptions,
  actions: readonly RecordedAction[],
  moment?: Scenario['moment'],
): Scenario {
  const { initial, ...rest } = structuredClone(options);
  const scenario: Scenario = {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    engine: ENGINE_VERSION,
    options: rest,
    actions: actions.map((a) => ({
      at: a.at,
      events: a.events,
      call: a.call as ActionCall,
      args: structuredClone(a.args),
    })),
  };
  if (initial && initial.length > 0) scenario.initial = initial;
  if (moment) scenario.moment = { ...moment };
  return scenario;
}

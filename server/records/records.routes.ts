// HTTP for the lifecycle tables: which events each kind of record has, from which states, and who may send them.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { responses, typed } from '../http.ts';
import { meetingMachine } from '../modules/meetings/meetings.service.ts';
import { taskMachine } from '../modules/tasks/tasks.machine.ts';
import { type AnyMachine, describeMachine } from './transitions.ts';

const machines: Record<string, AnyMachine> = { meeting: meetingMachine, task: taskMachine };

const descriptionSchema = z.object({
  kind: z.string(),
  label: z.string(),
  states: z.array(z.object({ value: z.string(), label: z.string() })),
  events: z.array(z.object({ value: z.string(), label: z.string() })),
  transitions: z.array(
    z.object({
      event: z.string(),
      from: z.array(z.string()),
      to: z.string().nullable(),
      who: z.string(),
      subject: z.string().nullable(),
    }),
  ),
});

export async function recordRoutes(app: FastifyInstance) {
  typed(app).get(
    '/workflows/:kind',
    {
      schema: {
        tags: ['workflows'],
        summary: '一类记录的状态与操作表（状态、操作的中文名，谁可以在什么状态下执行）',
        params: z.object({ kind: z.string().max(30) }),
        response: responses(descriptionSchema),
      },
    },
    async (request) => {
      const machine = machines[request.params.kind];
      if (!machine) throw new AppError('NOT_FOUND', `没有 ${request.params.kind} 这类记录`);
      return describeMachine(machine);
    },
  );
}

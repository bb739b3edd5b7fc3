/**
 * The lab's HTTP API: subjects and their sessions, the computed hit rates, what deleting a
 * subject would remove, and the pipeline's diagram.
 */
import { BadRequestException, Body, Controller, Get, Header, Param, ParseIntPipe, Post } from '@nestjs/common';
import * as dj from 'datajoint';
import { InjectSchema, InjectTable } from '@dj/nestjs';
import { HitRate, lab, Session, Subject } from './pipeline';

/** A new subject as the client sends it; DataJoint checks every attribute when it is inserted. */
type NewSubject = dj.RowOf<typeof Subject>;

@Controller()
export class LabController {
  constructor(
    @InjectSchema(lab) private readonly schema: dj.Schema,
    @InjectTable(Subject) private readonly subjects: typeof Subject,
    @InjectTable(Session) private readonly sessions: typeof Session,
    @InjectTable(HitRate) private readonly hitRates: typeof HitRate,
  ) {}

  @Get('subjects')
  listSubjects(): Promise<dj.Row[]> {
    return this.subjects.toDicts({ orderBy: 'KEY' });
  }

  @Post('subjects')
  async addSubject(@Body() body: NewSubject): Promise<dj.Row> {
    await this.refusingBadRows(() => this.subjects.insert1(body));
    return this.subjects.restrict({ subject_id: body.subject_id }).fetch1();
  }

  @Post('subjects/:id/sessions')
  async addSession(@Param('id', ParseIntPipe) id: number, @Body() body: dj.Row): Promise<{ sessions: number }> {
    await this.refusingBadRows(() => this.sessions.insert1({ ...body, subject_id: id }));
    return { sessions: await this.sessions.restrict({ subject_id: id }).count() };
  }

  @Post('hit-rates/populate')
  async populate(): Promise<{ computed: number; failed: number }> {
    const { successCount, errorList } = await this.hitRates.populate({ reserveJobs: true, suppressErrors: true });
    return { computed: successCount, failed: errorList.length };
  }

  @Get('hit-rates')
  listHitRates(): Promise<dj.Row[]> {
    return this.hitRates.toDicts({ orderBy: 'KEY' });
  }

  /** What deleting the subject would remove, table by table, without deleting anything. */
  @Get('subjects/:id/delete-preview')
  previewDelete(@Param('id', ParseIntPipe) id: number): Promise<Record<string, number>> {
    return this.subjects.restrict({ subject_id: id }).delete({ dryRun: true, prompt: false });
  }

  @Get('diagram.svg')
  @Header('content-type', 'image/svg+xml')
  diagram(): Promise<string> {
    return new dj.Diagram(this.schema).toSvg();
  }

  /** Rows the definition or the keys refuse are the client's mistake (400); a lost or refused connection is the server's. */
  private async refusingBadRows(insert: () => Promise<void>): Promise<void> {
    try {
      await insert();
    } catch (err) {
      const serverSide = err instanceof dj.LostConnectionError || err instanceof dj.AccessError;
      if (err instanceof dj.DataJointError && !serverSide) throw new BadRequestException(err.message);
      throw err;
    }
  }
}

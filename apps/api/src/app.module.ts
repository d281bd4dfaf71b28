import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { ClinicsController } from './clinics/clinics.controller';
import { CorrectClinicHandler, RecordClinicHandler } from './clinics/clinics.commands';
import { LedgerConfig } from './config';
import { CoursesController } from './courses/courses.controller';
import {
  CorrectCourseDetailsHandler,
  DecideOnCourseSessionHandler,
  HoldCourseSessionHandler,
  RegisterCourseHandler,
} from './courses/courses.commands';
import { HealthController } from './health/health.controller';
import { Clock, ledgerProviders } from './ledger.providers';
import { MealsController } from './meals/meals.controller';
import { CorrectMealCountHandler, RecordMealsServedHandler } from './meals/meals.commands';
import { MembershipController } from './membership/membership.controller';
import { RecordMemberJoinedHandler, VoidMembershipHandler } from './membership/membership.commands';
import { OrganizationsController } from './organizations/organizations.controller';
import { RegisterOrganizationHandler } from './organizations/organizations.commands';
import { AskParticipationHandler } from './projections/participation.queries';
import { ProjectionsController } from './projections/projections.controller';

@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig, clock: Clock = () => new Date()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            customProps: (req) => ({ correlationId: (req as { ledger?: { correlationId: string } }).ledger?.correlationId }),
            autoLogging: { ignore: (req) => req.url === '/health' },
          },
        }),
      ],
      controllers: [
        OrganizationsController,
        CoursesController,
        ClinicsController,
        MealsController,
        MembershipController,
        ProjectionsController,
        HealthController,
      ],
      providers: [
        ...ledgerProviders(config, clock),
        RegisterOrganizationHandler,
        RegisterCourseHandler,
        CorrectCourseDetailsHandler,
        HoldCourseSessionHandler,
        DecideOnCourseSessionHandler,
        RecordClinicHandler,
        CorrectClinicHandler,
        RecordMealsServedHandler,
        CorrectMealCountHandler,
        RecordMemberJoinedHandler,
        VoidMembershipHandler,
        AskParticipationHandler,
      ],
    };
  }
}

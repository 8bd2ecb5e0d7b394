-- CreateTable
CREATE TABLE "Shop" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MetricObservation" (
    "shopId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "dimensionValue" TEXT NOT NULL,
    "granularity" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "bucketStart" DATETIME NOT NULL,
    "valueMicros" BIGINT NOT NULL,
    "fetchedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "metric", "granularity", "dimension", "bucket", "source", "dimensionValue")
);

-- CreateTable
CREATE TABLE "SourceState" (
    "shopId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "lastSuccessAt" DATETIME,
    "lastAttemptAt" DATETIME,
    "lastError" TEXT,
    "errorKind" TEXT,
    "deferredUntil" DATETIME,

    PRIMARY KEY ("shopId", "source")
);

-- CreateTable
CREATE TABLE "DigestSubscription" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "createdBy" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DigestDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "subscriptionId" INTEGER NOT NULL,
    "periodKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "claimedBy" TEXT,
    "claimedAt" DATETIME,
    "messageTs" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DigestDelivery_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "DigestSubscription" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" TEXT NOT NULL,
    "incidentKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "details" TEXT NOT NULL,
    "channelId" TEXT,
    "messageTs" TEXT,
    "openedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "ackBy" TEXT,
    "ackAt" DATETIME,
    "snoozedUntil" DATETIME,
    "expectedBy" TEXT,
    "taskId" INTEGER
);

-- CreateTable
CREATE TABLE "AlertFeedback" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "alertId" INTEGER NOT NULL,
    "verdict" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Task" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "assigneeId" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "dueDay" TEXT,
    "status" TEXT NOT NULL,
    "alertId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" DATETIME,
    "doneBy" TEXT,
    "remindedOnDay" TEXT
);

-- CreateTable
CREATE TABLE "SpendRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" TEXT NOT NULL,
    "amountMicros" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "requesterId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "channelId" TEXT,
    "messageTs" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    "decidedBy" TEXT,
    "decisionReason" TEXT,
    "remindedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "SpendDecision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "requestId" INTEGER NOT NULL,
    "approverId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "reason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SpendDecision_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "SpendRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApproverSubstitute" (
    "shopId" TEXT NOT NULL,
    "approverId" TEXT NOT NULL,
    "substituteId" TEXT NOT NULL,
    "untilDay" TEXT NOT NULL,

    PRIMARY KEY ("shopId", "approverId")
);

-- CreateTable
CREATE TABLE "MediaPlan" (
    "shopId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "budgetMicros" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "month", "channel")
);

-- CreateTable
CREATE TABLE "CompetitorNote" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" TEXT NOT NULL,
    "competitor" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "tags" TEXT NOT NULL,
    "url" TEXT,
    "permalink" TEXT,
    "authorId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Promo" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "startDay" TEXT NOT NULL,
    "endDay" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "job" TEXT NOT NULL,
    "scheduledAt" DATETIME NOT NULL,
    "instanceId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "heartbeatAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "error" TEXT
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" TEXT,
    "actorId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "details" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "MetricObservation_shopId_granularity_bucket_idx" ON "MetricObservation"("shopId", "granularity", "bucket");

-- CreateIndex
CREATE UNIQUE INDEX "DigestSubscription_shopId_channelId_period_key" ON "DigestSubscription"("shopId", "channelId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "DigestDelivery_subscriptionId_periodKey_key" ON "DigestDelivery"("subscriptionId", "periodKey");

-- CreateIndex
CREATE INDEX "Alert_shopId_status_idx" ON "Alert"("shopId", "status");

-- CreateIndex
CREATE INDEX "Alert_shopId_incidentKey_idx" ON "Alert"("shopId", "incidentKey");

-- CreateIndex
CREATE INDEX "AlertFeedback_shopId_metric_idx" ON "AlertFeedback"("shopId", "metric");

-- CreateIndex
CREATE INDEX "Task_shopId_status_idx" ON "Task"("shopId", "status");

-- CreateIndex
CREATE INDEX "Task_assigneeId_status_idx" ON "Task"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "SpendRequest_shopId_status_idx" ON "SpendRequest"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SpendDecision_requestId_approverId_key" ON "SpendDecision"("requestId", "approverId");

-- CreateIndex
CREATE INDEX "CompetitorNote_shopId_competitor_idx" ON "CompetitorNote"("shopId", "competitor");

-- CreateIndex
CREATE INDEX "Promo_shopId_startDay_idx" ON "Promo"("shopId", "startDay");

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_job_scheduledAt_key" ON "JobRun"("job", "scheduledAt");

-- CreateIndex
CREATE INDEX "AuditLog_shopId_createdAt_idx" ON "AuditLog"("shopId", "createdAt");


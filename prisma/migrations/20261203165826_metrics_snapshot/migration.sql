-- CreateTable
CREATE TABLE "MetricsSnapshot" (
    "process" TEXT NOT NULL PRIMARY KEY,
    "json" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);


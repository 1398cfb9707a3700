import { z } from "zod";
import { idSchema, text } from "./common";
import { leadFiltersSchema } from "./leads";

/** The filters a selection keeps: exactly the leads list's (leadFiltersSchema), checked the same way. */
export const leadSelectionFiltersSchema = leadFiltersSchema;

const selectionName = text().min(1, "Name the selection").max(120, "The name is longer than 120 characters");

export const createLeadSelectionSchema = z.object({ name: selectionName, filters: leadSelectionFiltersSchema });
export const renameLeadSelectionSchema = z.object({ id: idSchema, name: selectionName });
export const updateLeadSelectionFiltersSchema = z.object({ id: idSchema, filters: leadSelectionFiltersSchema });
export const leadSelectionIdSchema = z.object({ id: idSchema });

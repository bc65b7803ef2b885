/**
 * Every card action verb, declared once. Cards under cards/ use the same strings, and
 * test/verbs.test.ts fails when a card names a verb with no route or a route has no card.
 */
export const Verbs = {
  core: {
    help: 'core.help',
    privacy: 'core.privacy',
    command: 'core.command',
    myData: 'core.myData',
    eraseAsk: 'core.eraseAsk',
    erase: 'core.erase',
    privacyFind: 'core.privacyFind',
    privacyEraseAsk: 'core.privacyEraseAsk',
    privacyErase: 'core.privacyErase',
    rolesShow: 'core.roles.show',
    rolesGrant: 'core.roles.grant',
    rolesRevoke: 'core.roles.revoke',
  },
  hosting: {
    campaignNew: 'hosting.campaign.new',
    campaignSave: 'hosting.campaign.save',
    campaignEdit: 'hosting.campaign.edit',
    campaignShow: 'hosting.campaign.show',
    inviteShow: 'hosting.invite.show',
    inviteSend: 'hosting.invite.send',
    statusShow: 'hosting.status.show',
    offerInvitation: 'hosting.offer.invitation',
    offerStart: 'hosting.offer.start',
    offerDecline: 'hosting.offer.decline',
    offerStep: 'hosting.offer.step',
    offerSubmit: 'hosting.offer.submit',
    offerEdit: 'hosting.offer.edit',
    offerWithdraw: 'hosting.offer.withdraw',
    questionShow: 'hosting.question.show',
    questionSend: 'hosting.question.send',
    participantsShow: 'hosting.participants.show',
    participantsAdd: 'hosting.participants.add',
    participantsPaste: 'hosting.participants.paste',
    participantsRemove: 'hosting.participants.remove',
    allocationPropose: 'hosting.allocation.propose',
    allocationMove: 'hosting.allocation.move',
    allocationConfirm: 'hosting.allocation.confirm',
    allocationShow: 'hosting.allocation.show',
    allocationPlaceAsk: 'hosting.allocation.placeAsk',
    allocationPlace: 'hosting.allocation.place',
    hostChecklist: 'hosting.host.checklist',
    feedbackSubmit: 'hosting.feedback.submit',
    feedbackProgress: 'hosting.feedback.progress',
    briefingShow: 'hosting.briefing.show',
    briefingSend: 'hosting.briefing.send',
    briefingReply: 'hosting.briefing.reply',
  },
  coaching: {
    programmeSave: 'coaching.programme.save',
    joinShow: 'coaching.join.show',
    joinSubmit: 'coaching.join.submit',
    joinWithdrawAsk: 'coaching.join.withdrawAsk',
    joinWithdraw: 'coaching.join.withdraw',
    joinStatus: 'coaching.join.status',
    offerAccept: 'coaching.offer.accept',
    facilitatorsShow: 'coaching.facilitators.show',
    facilitatorsAdd: 'coaching.facilitators.add',
    groupsShow: 'coaching.groups.show',
    groupsPropose: 'coaching.groups.propose',
    groupsMove: 'coaching.groups.move',
    groupsConfirm: 'coaching.groups.confirm',
    sessionsShow: 'coaching.sessions.show',
    sessionsPropose: 'coaching.sessions.propose',
    sessionsEditShow: 'coaching.sessions.editShow',
    sessionsSave: 'coaching.sessions.save',
    sessionsCancel: 'coaching.sessions.cancel',
    sessionsInvite: 'coaching.sessions.invite',
    rsvp: 'coaching.rsvp',
    attendanceShow: 'coaching.attendance.show',
    attendanceSave: 'coaching.attendance.save',
    inviteShow: 'coaching.invite.show',
    inviteSend: 'coaching.invite.send',
  },
  reviews: {
    start: 'reviews.start',
    answer: 'reviews.answer',
    refresh: 'reviews.refresh',
    reveal: 'reviews.reveal',
    agree: 'reviews.agree',
    assign: 'reviews.assign',
    open: 'reviews.open',
    summary: 'reviews.summary',
    reopen: 'reviews.reopen',
    deadline: 'reviews.deadline',
    actionsShow: 'reviews.actions.show',
    actionsEdit: 'reviews.actions.edit',
    actionsSave: 'reviews.actions.save',
    actionsStatus: 'reviews.actions.status',
    next: 'reviews.next',
    share: 'reviews.share',
    networkShow: 'reviews.network.show',
  },
} as const;

type Values<T> = T extends string ? T : { [K in keyof T]: Values<T[K]> }[keyof T];
export type Verb = Values<typeof Verbs>;

export function allVerbs(): Verb[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') out.push(node);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(Verbs);
  return out as Verb[];
}

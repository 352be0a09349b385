/**
 * Prototypes of OpenMemory's 20 seed categories for the embedding side of the hybrid
 * categorizer (hybrid-categorizer.ts): a description and a few typical memories per
 * category, written by the team. They are deliberately different from the labelled
 * fixtures in test/fixtures/categories/ so that accuracy measured there is not inflated.
 */

/** category → texts whose embeddings stand for it (the first is a description). */
export const CATEGORY_PROTOTYPES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  personal: ['Facts about the person themselves: name, age, origin, where they live, personality, daily habits.',
    'I am 41 and come from a small town', 'I am an early riser', 'My nickname is Bee'],
  relationships: ['Family, friends, partners, colleagues as people, and how the person relates to them.',
    'My cousin is visiting next week', 'My husband works in finance', 'My best friend just had a baby'],
  preferences: ['Likes, dislikes and how the person wants things done or answered.',
    'I like answers with examples', 'I can not stand loud restaurants', 'I would rather walk than drive'],
  health: ['Body and mind: illnesses, allergies, medication, doctors, fitness, sleep, diet.',
    'I am diabetic', 'I broke my wrist in March', 'I see a psychologist for anxiety'],
  travel: ['Trips, flights, trains, hotels, seats, destinations, passports and visas for travel.',
    'We are flying to Tokyo in May', 'I always take the night train', 'I like an aisle seat on planes'],
  work: ['The job: employer, role, meetings, colleagues, schedules, reviews, hiring, deployments and team routines.',
    'I have a one-on-one with my lead every Tuesday', 'I am a nurse at the city hospital', 'Our release freeze starts Friday'],
  education: ['Schooling, studies, courses, degrees, exams, teaching and learning a skill.',
    'I am doing a PhD in linguistics', 'My final exams are in June', 'I take piano lessons on Wednesdays'],
  projects: ['Ongoing projects with goals and milestones: building, renovating, launching, migrating.',
    'The bathroom remodel is half done', 'Our mobile app launches in Q3', 'I am building a treehouse'],
  ai_ml_technology: ['Software, programming languages, databases, servers, cloud, AI models and developer tools.',
    'Our service is written in Go and runs on GCP', 'I use PyTorch to train models', 'The database is MySQL 8'],
  technical_support: ['Problems with devices or software: errors, crashes, connection issues, passwords, fixes.',
    'My computer will not boot', 'The app shows an error when I log in', 'My headphones keep disconnecting'],
  finance: ['Money: income, spending, budgets, banks, loans, taxes, investments, insurance, rent.',
    'I earn 60k a year', 'I owe 5000 on my student loan', 'I put money into my retirement account'],
  shopping: ['Buying things: orders, deliveries, returns, gifts, shopping lists, stores and prices.',
    'I ordered a new phone case', 'I need to buy milk and eggs', 'I am returning the jacket'],
  legal: ['Law and rules: contracts, leases, courts, lawyers, compliance, permits, licences, fines.',
    'I got a speeding ticket', 'We need to sign the lease by Friday', 'Our app must follow the privacy law'],
  entertainment: ['Leisure: films, series, music, books, games, sports, hobbies and events.',
    'I am watching a crime drama', 'I love jazz', 'I go climbing on Sundays'],
  messages: ['Messages to send or received: emails, texts, calls, chat replies to someone.',
    'Send Paul the address', 'Answer the email from HR', 'Tell Kim I will call later'],
  customer_support: ['Serving customers: their tickets, complaints, refunds, support teams and response times.',
    'A customer cannot find their invoice', 'The support queue is backed up', 'We refund within five days'],
  product_feedback: ['What users and testers say about a product: requests, reviews, surveys, complaints about features.',
    'Users want a search bar', 'Testers found the menu hard to use', 'People love the new icons'],
  news: ['Current events and news sources: politics, economy, disasters, headlines, newspapers.',
    'The prime minister resigned today', 'I read the Guardian', 'Oil prices jumped this week'],
  organization: ['Organising life and time: tasks, calendars, lists, planning, filing, tidiness, reminders.',
    'I plan my day the night before', 'I keep all documents in labelled binders', 'I use a kanban board for chores'],
  goals: ['Aims and ambitions the person wants to reach in the future.',
    'I want to climb Kilimanjaro', 'My aim is to be debt free', 'I hope to retire at 55'],
});
